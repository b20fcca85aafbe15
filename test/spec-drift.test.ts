/**
 * The SPEC.md drift check (harness/spec.ts, docs/ARCHITECTURE.md kernel rule 5): the tag convention
 * for tests, and seeded disagreements between a scratch SPEC.md and scratch tests, proofs and
 * kernel files, each reported with its file:line.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSpecDrift, leadingSections, testTagsOf } from '../harness/spec.js';

describe('the tag convention: section ids at the start of a describe/it title', () => {
  it('reads only the ids a title starts with', () => {
    expect(leadingSections('§5.4 coinbase maturity')).toEqual(['§5.4']);
    expect(leadingSections('§4.6 §4.7 lock times')).toEqual(['§4.6', '§4.7']);
    expect(leadingSections('§4.6, §4.7: lock times')).toEqual(['§4.6', '§4.7']);
    expect(leadingSections('conformance vector files (INDEX.md §3.1, §3.2)')).toEqual([]);
    expect(leadingSections('no tag')).toEqual([]);
  });

  it('a describe passes its ids to the tests inside; templates, .each and .skip are read', () => {
    const source = [
      "import { describe, it } from 'vitest';", // 1
      "describe('§5.7 connect', () => {", // 2
      "  it('§5.4 maturity', () => {});", // 3
      "  it('untagged inside', () => {});", // 4
      '});', // 5
      "describe.each([[1]])('§3.5 backend %s', () => {", // 6
      '  it.each([1, 2])(`§3.6 ${"case"} %s`, () => {});', // 7
      '});', // 8
      "it.skip('§1.1 skipped', () => {});", // 9
      "it('untagged (INDEX.md §3.1)', () => {});", // 10
      "const x = f('§9.9 not a test title');", // 11
    ].join('\n');
    const tags = testTagsOf('test/x.test.ts', source).map((t) => [t.line, t.kind, t.own, t.sections]);
    expect(tags).toEqual([
      [2, 'suite', ['§5.7'], ['§5.7']],
      [3, 'test', ['§5.4'], ['§5.7', '§5.4']],
      [4, 'test', [], ['§5.7']],
      [6, 'suite', ['§3.5'], ['§3.5']],
      [7, 'test', ['§3.6'], ['§3.5', '§3.6']],
      [9, 'test', ['§1.1'], ['§1.1']],
    ]);
  });
});

const scratch = mkdtempSync(path.join(tmpdir(), 'bllvm-spec-drift-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Files = Record<string, string>;

/** A scratch repository whose SPEC.md agrees with its kernel, proofs and tests. */
function agreeing(): Files {
  return {
    'kernel/a.ts': 'export function foo(): number {\n  return 1;\n}\nexport function bar(): number {\n  return 2;\n}\n',
    'proofs/a.proof.ts': "export const p = proof('foo is 1', { fn: foo, spec: '§1.1', statement: 's' });\n",
    'test/a.test.ts': "describe('§1.1 foo', () => {\n  it('is 1', () => {});\n});\n",
    'properties/a.prop.test.ts': 'it(`§2.1 ${name} bar`, () => {});\n',
    'docs/SPEC.md': [
      '# spec', // 1
      '', // 2
      '### §1.1 Foo', // 3
      '- **Code:** `foo` (kernel/a.ts)', // 4
      '- **Proofs:** proofs/a.proof.ts: foo is 1', // 5
      '- **Properties:** –', // 6
      '- **Vectors:** foo cases (test/a.test.ts)', // 7
      '', // 8
      '### §2.1 Bar', // 9
      '- **Code:** `bar` (kernel/a.ts)', // 10
      '- **Proofs:** –', // 11
      '- **Properties:** properties/a.prop.test.ts', // 12
      '- **Vectors:** –', // 13
      '',
    ].join('\n'),
  };
}

let n = 0;
function driftOf(files: Files): string[] {
  const root = path.join(scratch, `r${n++}`);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return checkSpecDrift(root);
}

function withSpecLine(files: Files, line: number, text: string): Files {
  const lines = (files['docs/SPEC.md'] as string).split('\n');
  lines[line - 1] = text;
  return { ...files, 'docs/SPEC.md': lines.join('\n') };
}

describe('checkSpecDrift on a scratch repository', () => {
  it('reports nothing when SPEC.md, the proofs and the tests agree (control)', () => {
    expect(driftOf(agreeing())).toEqual([]);
  });

  it('a tagged test file missing from the Vectors line is reported', () => {
    const files = { ...agreeing(), 'test/b.test.ts': "import { it } from 'vitest';\nit('§2.1 bar is 2', () => {});\n" };
    expect(driftOf(files)).toEqual(['docs/SPEC.md:13: §2.1 Vectors does not list test/b.test.ts (tagged §2.1 at test/b.test.ts:2)']);
  });

  it('a listed test file with no test tagged for the section is reported', () => {
    const files = withSpecLine(agreeing(), 13, '- **Vectors:** bar cases (test/a.test.ts)');
    expect(driftOf(files)).toEqual(['docs/SPEC.md:13: §2.1 Vectors lists test/a.test.ts, which has no test tagged §2.1']);
  });

  it('a tag naming no section of SPEC.md is reported', () => {
    const files = { ...agreeing(), 'test/a.test.ts': "describe('§1.1 foo', () => {\n  it('§9.9 is 1', () => {});\n});\n" };
    expect(driftOf(files)).toEqual(['test/a.test.ts:2: tagged §9.9, which is not a section of docs/SPEC.md']);
  });

  it('a property suite is listed on Properties, not on Vectors', () => {
    const files = withSpecLine(withSpecLine(agreeing(), 12, '- **Properties:** –'), 13, '- **Vectors:** properties/a.prop.test.ts');
    expect(driftOf(files)).toEqual([
      'docs/SPEC.md:12: §2.1 Properties does not list properties/a.prop.test.ts (tagged §2.1 at properties/a.prop.test.ts:1)',
      'docs/SPEC.md:13: §2.1 Vectors lists properties/a.prop.test.ts, which belongs on the Properties line',
    ]);
  });

  it('a folder instead of files, and a missing line, are reported', () => {
    const folder = withSpecLine(agreeing(), 12, '- **Properties:** properties/a.prop.test.ts; see also properties/');
    expect(driftOf(folder)).toEqual(["docs/SPEC.md:12: §2.1 Properties names the folder 'properties/': name its files"]);
    const missing = withSpecLine(agreeing(), 13, '');
    expect(driftOf(missing)).toEqual(["docs/SPEC.md:9: §2.1 has no '- **Vectors:**' line"]);
  });

  it('proof files follow their proofs’ spec: in both directions', () => {
    const moved = { ...agreeing(), 'proofs/a.proof.ts': "export const p = proof('foo is 1', { fn: foo, spec: '§2.1', statement: 's' });\n" };
    expect(driftOf(moved)).toEqual([
      'docs/SPEC.md:5: §1.1 Proofs lists proofs/a.proof.ts, which has no proof with spec §1.1',
      'docs/SPEC.md:11: §2.1 Proofs does not list proofs/a.proof.ts (spec §2.1 at proofs/a.proof.ts:1)',
    ]);
  });

  it('the Code line check still runs: an unlisted exported function is reported', () => {
    const files = { ...agreeing(), 'kernel/b.ts': 'export function baz(): number {\n  return 3;\n}\n' };
    expect(driftOf(files)).toEqual(["kernel/b.ts:1: exported function 'baz' is in no SPEC.md section"]);
  });
});
