/**
 * SPEC.md drift check (docs/ARCHITECTURE.md, kernel rule 5). docs/SPEC.md and the code must agree:
 * - `- **Code:**`: every exported kernel function appears on some section's line, and every
 *   identifier named there is exported by a kernel file;
 * - `- **Proofs:**`: the proof files listed are exactly those with a proof whose `spec:` names
 *   the section (proofs/*.proof.ts);
 * - `- **Properties:**` / `- **Vectors:**`: the test files listed are exactly those with a test
 *   tagged with the section, properties/ suites on the first, test/ suites on the second.
 *
 * The tag convention: a `describe`/`it`/`test` title that starts with one or more section ids,
 * `it('§5.4 a coinbase spend 99 blocks later is premature', ...)` or `describe('§4.6 §4.7 ...')`.
 * A describe's tags apply to every test inside it; ids later in a title (`INDEX.md §3.1`) do
 * not count. Each section must have all four lines; `–` stands for none.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';

export interface KernelExport {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly kind: 'function' | 'other';
}

/** Every .ts source file under `dir` (declaration files excluded), in sorted order. */
export function tsFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...tsFilesUnder(full));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** Exported declarations of kernel files (re-exports in index.ts are not declarations). */
export function kernelExports(root: string): KernelExport[] {
  const out: KernelExport[] = [];
  for (const file of tsFilesUnder(path.join(root, 'kernel'))) {
    const rel = path.relative(root, file);
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        const fn = /^export\s+(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)/.exec(text);
        if (fn?.[1] !== undefined) {
          out.push({ name: fn[1], file: rel, line: i + 1, kind: 'function' });
          return;
        }
        const arrow = /^export\s+const\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(?:\([^)]*\)|[A-Za-z_$][\w$]*)\s*(?::[^=]+)?=>/.exec(text);
        if (arrow?.[1] !== undefined) {
          out.push({ name: arrow[1], file: rel, line: i + 1, kind: 'function' });
          return;
        }
        const other = /^export\s+(?:declare\s+)?(?:const|let|class|interface|type|enum|abstract\s+class)\s+([A-Za-z_$][\w$]*)/.exec(text);
        if (other?.[1] !== undefined) out.push({ name: other[1], file: rel, line: i + 1, kind: 'other' });
      });
  }
  return out;
}

/** A section's `- **Proofs:**`, `- **Properties:**` or `- **Vectors:**` line and the files it names. */
export interface EvidenceLine {
  readonly line: number;
  /** proofs/*.proof.ts, properties/**.test.ts or test/**.test.ts paths named on the line. */
  readonly files: readonly string[];
  /** Folders named instead of files (`properties/`, `test/conformance/`): drift. */
  readonly folders: readonly string[];
}

export type EvidenceKind = 'proofs' | 'properties' | 'vectors';

const EVIDENCE_LABELS: Readonly<Record<EvidenceKind, string>> = { proofs: 'Proofs', properties: 'Properties', vectors: 'Vectors' };

export interface SpecSection {
  readonly id: string;
  readonly title: string;
  readonly line: number;
  readonly code: readonly string[];
  readonly evidence: Readonly<Partial<Record<EvidenceKind, EvidenceLine>>>;
}

/** Test and proof file paths on an evidence line (test data under test/vectors/ is not a test file). */
function evidenceLine(text: string, line: number): EvidenceLine {
  const files = [...text.matchAll(/\b((?:proofs|properties|test)\/[\w./-]*?\.(?:proof|test)\.ts)\b/g)].map((m) => m[1] as string);
  const folders = [...text.matchAll(/(?:^|[\s(`])((?:proofs|properties|test)\/(?:[\w.-]+\/)*)(?=[\s),;:`]|$)/g)]
    .map((m) => m[1] as string)
    .filter((f) => !f.startsWith('test/vectors/'));
  return { line, files: [...new Set(files)], folders };
}

export function parseSpec(root: string): SpecSection[] {
  const file = path.join(root, 'docs/SPEC.md');
  if (!existsSync(file)) return [];
  const sections: { id: string; title: string; line: number; code: string[]; evidence: Partial<Record<EvidenceKind, EvidenceLine>> }[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      const h = /^###\s+(§[\d.]+)\s+(.*)$/.exec(text);
      if (h?.[1] !== undefined) {
        sections.push({ id: h[1], title: h[2] ?? '', line: i + 1, code: [], evidence: {} });
        return;
      }
      const cur = sections[sections.length - 1];
      if (cur === undefined) return;
      if (/^-\s+\*\*Code:\*\*/.test(text)) {
        // `NAME_*` is a wildcard for every export with that prefix.
        for (const m of text.matchAll(/`([A-Za-z_$][\w$]*\*?)`/g)) if (m[1] !== undefined) cur.code.push(m[1]);
        return;
      }
      const evidence = /^-\s+\*\*(Proofs|Properties|Vectors):\*\*(.*)$/.exec(text);
      if (evidence?.[1] !== undefined) cur.evidence[evidence[1].toLowerCase() as EvidenceKind] = evidenceLine(evidence[2] ?? '', i + 1);
    });
  return sections;
}

/** A `describe`/`it`/`test` title (or a proof's `spec:`) naming SPEC sections. */
export interface SpecTag {
  readonly file: string;
  readonly line: number;
  readonly kind: 'suite' | 'test' | 'proof';
  readonly title: string;
  /** The section ids of the title itself, or the proof's `spec:`. */
  readonly own: readonly string[];
  /** For a test: its own ids and those of every describe around it. */
  readonly sections: readonly string[];
}

const SUITE_FUNCTIONS = new Set(['describe', 'suite']);
const TEST_FUNCTIONS = new Set(['it', 'test']);

/** The section ids a title starts with: `§5.4 §4.7 text` -> ['§5.4', '§4.7']. */
export function leadingSections(title: string): string[] {
  const lead = /^\s*(?:§\d+(?:\.\d+)*[\s,]*)+/.exec(title)?.[0] ?? '';
  return [...lead.matchAll(/§\d+(?:\.\d+)*/g)].map((m) => m[0]);
}

/** `describe`, `it.each(table)`, `describe.skip`...: the vitest function a call's callee is rooted in. */
function testFunctionOf(callee: ts.Expression): string | undefined {
  let e: ts.Expression = callee;
  for (;;) {
    if (ts.isCallExpression(e)) e = e.expression;
    else if (ts.isPropertyAccessExpression(e)) e = e.expression;
    else break;
  }
  return ts.isIdentifier(e) ? e.text : undefined;
}

/** A title argument's text; for a template, the text before its first `${}` (where tags go). */
function titleText(arg: ts.Expression | undefined): string | undefined {
  if (arg === undefined) return undefined;
  if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) return arg.text;
  if (ts.isTemplateExpression(arg)) return arg.head.text;
  return undefined;
}

/** Tagged suites and tests of one test file (`file` relative to the root, for messages). */
export function testTagsOf(file: string, source: string): SpecTag[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: SpecTag[] = [];
  const visit = (node: ts.Node, inherited: readonly string[]): void => {
    let inner = inherited;
    if (ts.isCallExpression(node)) {
      const fn = testFunctionOf(node.expression);
      const title = titleText(node.arguments[0]);
      if (fn !== undefined && title !== undefined && (SUITE_FUNCTIONS.has(fn) || TEST_FUNCTIONS.has(fn))) {
        const own = leadingSections(title);
        const sections = [...new Set([...inherited, ...own])];
        const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
        const kind = SUITE_FUNCTIONS.has(fn) ? 'suite' : 'test';
        if (sections.length > 0) out.push({ file, line, kind, title, own, sections });
        inner = sections;
      }
    }
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(sf, []);
  return out;
}

/** Test files vitest runs (test/**\/*.test.ts, properties/**\/*.prop.test.ts), test data excluded. */
export function testFiles(root: string): string[] {
  const under = (dir: string): string[] =>
    existsSync(path.join(root, dir))
      ? tsFilesUnder(path.join(root, dir))
          .map((f) => path.relative(root, f).split(path.sep).join('/'))
          .filter((f) => f.endsWith('.test.ts') && !f.startsWith('test/vectors/'))
      : [];
  return [...under('test'), ...under('properties')];
}

/** Every tagged suite and test of the repository's test files. */
export function testTags(root: string): SpecTag[] {
  return testFiles(root).flatMap((f) => testTagsOf(f, readFileSync(path.join(root, f), 'utf8')));
}

/** Every proof's `spec:` in proofs/*.proof.ts. */
export function proofTags(root: string): SpecTag[] {
  const dir = path.join(root, 'proofs');
  if (!existsSync(dir)) return [];
  const out: SpecTag[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.proof.ts')) continue;
    const file = `proofs/${name}`;
    readFileSync(path.join(dir, name), 'utf8')
      .split('\n')
      .forEach((text, i) => {
        for (const m of text.matchAll(/\bspec:\s*(['"`])(§[\d.]+)\1/g)) {
          const id = m[2] as string;
          out.push({ file, line: i + 1, kind: 'proof', title: id, own: [id], sections: [id] });
        }
      });
  }
  return out;
}

/** Which evidence line lists a tagged file: proofs, properties/ suites, test/ suites. */
export function evidenceKindOf(file: string): EvidenceKind {
  if (file.startsWith('proofs/')) return 'proofs';
  return file.startsWith('properties/') ? 'properties' : 'vectors';
}

/** Drift between the Proofs/Properties/Vectors lines and the tags. */
export function checkEvidenceDrift(sections: readonly SpecSection[], tags: readonly SpecTag[]): string[] {
  const out: string[] = [];
  const ids = new Set(sections.map((s) => s.id));
  for (const t of tags) {
    for (const id of t.own) if (!ids.has(id)) out.push(`${t.file}:${t.line}: tagged ${id}, which is not a section of docs/SPEC.md`);
  }
  for (const s of sections) {
    for (const kind of ['proofs', 'properties', 'vectors'] as const) {
      const label = EVIDENCE_LABELS[kind];
      const listed = s.evidence[kind];
      if (listed === undefined) {
        out.push(`docs/SPEC.md:${s.line}: ${s.id} has no '- **${label}:**' line`);
        continue;
      }
      const tagged = new Map<string, number>();
      for (const t of tags) if (t.sections.includes(s.id) && evidenceKindOf(t.file) === kind && !tagged.has(t.file)) tagged.set(t.file, t.line);
      for (const f of listed.folders) out.push(`docs/SPEC.md:${listed.line}: ${s.id} ${label} names the folder '${f}': name its files`);
      for (const f of listed.files) {
        if (evidenceKindOf(f) !== kind) out.push(`docs/SPEC.md:${listed.line}: ${s.id} ${label} lists ${f}, which belongs on the ${EVIDENCE_LABELS[evidenceKindOf(f)]} line`);
        else if (!tagged.has(f)) out.push(`docs/SPEC.md:${listed.line}: ${s.id} ${label} lists ${f}, which has no ${kind === 'proofs' ? 'proof with spec' : 'test tagged'} ${s.id}`);
      }
      for (const [f, line] of tagged) {
        if (!listed.files.includes(f)) out.push(`docs/SPEC.md:${listed.line}: ${s.id} ${label} does not list ${f} (${kind === 'proofs' ? 'spec' : 'tagged'} ${s.id} at ${f}:${line})`);
      }
    }
  }
  return out;
}

/** Drift messages; empty when SPEC.md agrees with the kernel's exports, the proofs' `spec:` and the tests' tags. */
export function checkSpecDrift(root: string): string[] {
  const sections = parseSpec(root);
  if (sections.length === 0) return ['docs/SPEC.md: missing or without `### §N.M` sections'];
  const exports = kernelExports(root);
  const names = new Set(exports.map((e) => e.name));
  const allNamed = sections.flatMap((s) => s.code);
  const named = new Set(allNamed.filter((n) => !n.endsWith('*')));
  for (const w of allNamed.filter((n) => n.endsWith('*'))) for (const e of exports) if (e.name.startsWith(w.slice(0, -1))) named.add(e.name);
  const out: string[] = [];
  for (const e of exports) {
    if (e.kind === 'function' && !named.has(e.name)) out.push(`${e.file}:${e.line}: exported function '${e.name}' is in no SPEC.md section`);
  }
  for (const s of sections) {
    for (const n of s.code) if (n.endsWith('*') ? !exports.some((e) => e.name.startsWith(n.slice(0, -1))) : !names.has(n)) out.push(`docs/SPEC.md:${s.line}: ${s.id} names '${n}', which no kernel file exports`);
  }
  out.push(...checkEvidenceDrift(sections, [...proofTags(root), ...testTags(root)]));
  return out;
}

/** SPEC section id for each kernel function name (first section naming it). */
export function sectionOf(root: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const s of parseSpec(root)) for (const n of s.code) if (!m.has(n)) m.set(n, s.id);
  return m;
}
