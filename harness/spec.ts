/**
 * SPEC.md drift check: every exported kernel function appears on a `- **Code:**` line of some
 * section, and every identifier named there exists as an export of the kernel.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

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

export interface SpecSection {
  readonly id: string;
  readonly title: string;
  readonly line: number;
  readonly code: readonly string[];
}

export function parseSpec(root: string): SpecSection[] {
  const file = path.join(root, 'docs/SPEC.md');
  if (!existsSync(file)) return [];
  const sections: { id: string; title: string; line: number; code: string[] }[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      const h = /^###\s+(§[\d.]+)\s+(.*)$/.exec(text);
      if (h?.[1] !== undefined) {
        sections.push({ id: h[1], title: h[2] ?? '', line: i + 1, code: [] });
        return;
      }
      if (/^-\s+\*\*Code:\*\*/.test(text)) {
        const cur = sections[sections.length - 1];
        if (cur === undefined) return;
        // `NAME_*` is a wildcard for every export with that prefix.
        for (const m of text.matchAll(/`([A-Za-z_$][\w$]*\*?)`/g)) if (m[1] !== undefined) cur.code.push(m[1]);
      }
    });
  return sections;
}

/** Drift messages; empty when SPEC.md and the kernel agree. */
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
  return out;
}

/** SPEC section id for each kernel function name (first section naming it). */
export function sectionOf(root: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const s of parseSpec(root)) for (const n of s.code) if (!m.has(n)) m.set(n, s.id);
  return m;
}
