/**
 * The harness's ts-morph project (harness/runner/proof-sites.ts createProject) types the kernel
 * with ES2022's library and harness/kernel-globals.d.ts, not the DOM library: every kernel file,
 * proof file and the proof DSL must type-check there without an error, or the translator would
 * read a type it does not know (an unresolved global is an error type, not a failure).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProject } from '../../harness/runner.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe("the harness's project", { timeout: 10 * 60_000 }, () => {
  it('type-checks the kernel, the proofs and the DSL without the DOM library', () => {
    const project = createProject(ROOT);
    const files = project.getSourceFiles().map((f) => path.relative(ROOT, f.getFilePath()));
    expect(files.filter((f) => f.startsWith('kernel/')).length).toBeGreaterThan(80);
    expect(files.filter((f) => f.startsWith('proofs/')).length).toBeGreaterThan(30);
    const libs = project.getProgram().compilerObject.getSourceFiles().map((f) => path.basename(f.fileName));
    expect(libs).toContain('lib.es2022.d.ts');
    expect(libs).not.toContain('lib.dom.d.ts');
    const errors = project.getPreEmitDiagnostics().map((d) => `${path.relative(ROOT, d.getSourceFile()?.getFilePath() ?? '?')}:${d.getLineNumber() ?? 0} ${String(d.getMessageText())}`);
    expect(errors).toEqual([]);
  });
});
