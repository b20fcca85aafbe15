/**
 * Proof discovery: the ts-morph project over kernel/ and proofs/, the proof files, each proof's
 * record (imported, for replay) paired with its source site (the arrows the translator reads).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type ArrowFunction, type FunctionDeclaration, Node, Project, type SourceFile, SyntaxKind } from 'ts-morph';
import { type ProofRecord, isProofRecord } from '../dsl.js';
import type { ProofResult } from './types.js';

/** The web globals the kernel uses, declared for a project without the DOM library. */
export const KERNEL_GLOBALS = fileURLToPath(new URL('../kernel-globals.d.ts', import.meta.url));

/** The kernel, the proofs and the proof DSL of the checkout at `root`, typed with ES2022's library and KERNEL_GLOBALS. */
export function createProject(root: string): Project {
  const project = new Project({
    compilerOptions: { target: 9 /* ES2022 */, lib: ['lib.es2022.d.ts'], module: 199 /* NodeNext */, moduleResolution: 99 /* NodeNext */, strict: true },
    skipAddingFilesFromTsConfig: true,
  });
  project.addSourceFilesAtPaths([path.join(root, 'kernel/**/*.ts'), path.join(root, 'proofs/**/*.proof.ts'), path.join(root, 'harness/dsl.ts'), KERNEL_GLOBALS]);
  return project;
}

export function listProofFiles(root: string): string[] {
  const dir = path.join(root, 'proofs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.proof.ts'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** The proof-level arrow functions found in a proof file for one `proof('name', {...})` call. */
export interface ProofSite {
  readonly call: Node;
  readonly fnName: string;
  readonly fnDecl: FunctionDeclaration | undefined;
  readonly requires: ArrowFunction | undefined;
  readonly ensures: ArrowFunction | undefined;
  readonly covers: readonly { readonly name: string; readonly fn: ArrowFunction }[];
}

export function findProofSites(sf: SourceFile): Map<string, ProofSite> {
  const out = new Map<string, ProofSite>();
  for (const call of sf.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    if (call.getExpression().getText() !== 'proof') continue;
    const [nameArg, optsArg] = call.getArguments();
    if (nameArg === undefined || !Node.isStringLiteral(nameArg) || optsArg === undefined || !Node.isObjectLiteralExpression(optsArg)) continue;
    const prop = (n: string): Node | undefined => {
      const p = optsArg.getProperty(n);
      return p !== undefined && Node.isPropertyAssignment(p) ? p.getInitializer() : undefined;
    };
    const arrow = (n: Node | undefined): ArrowFunction | undefined => (n !== undefined && Node.isArrowFunction(n) ? n : undefined);
    const fnNode = prop('fn');
    let fnDecl: FunctionDeclaration | undefined;
    if (fnNode !== undefined) {
      let sym = fnNode.getSymbol();
      if (sym?.isAlias()) sym = sym.getAliasedSymbol() ?? sym;
      const d = sym?.getDeclarations()[0];
      if (d !== undefined && Node.isFunctionDeclaration(d)) fnDecl = d;
    }
    const coversNode = prop('covers');
    const covers: { name: string; fn: ArrowFunction }[] = [];
    if (coversNode !== undefined && Node.isObjectLiteralExpression(coversNode)) {
      for (const p of coversNode.getProperties()) {
        if (!Node.isPropertyAssignment(p)) continue;
        const fn = arrow(p.getInitializer());
        const nn = p.getNameNode();
        if (fn !== undefined) covers.push({ name: Node.isStringLiteral(nn) ? nn.getLiteralValue() : nn.getText(), fn });
      }
    }
    out.set(nameArg.getLiteralValue(), {
      call,
      fnName: fnNode?.getText() ?? '?',
      fnDecl,
      requires: arrow(prop('requires')),
      ensures: arrow(prop('ensures')),
      covers,
    });
  }
  return out;
}

export interface Loaded {
  readonly file: string;
  readonly sf: SourceFile;
  readonly rec: ProofRecord;
}

/** A result for a proof that never reached the solver (it does not load or does not translate). */
export function errorResult(file: string, line: number, error: string, rec?: ProofRecord): ProofResult {
  return {
    name: rec?.name ?? file,
    file,
    line,
    fn: rec?.options.fn.name ?? '?',
    fnLoc: '',
    spec: rec?.options.spec ?? '',
    statement: rec?.options.statement ?? '',
    status: 'ERROR',
    ms: 0,
    rlimit: 0,
    cached: false,
    checks: [],
    error,
    unwind: rec?.options.unwind ?? 64,
    axioms: rec?.options.axioms ?? [],
    inputs: '',
    requires: '',
    ensures: '',
    covers: [],
    functionsUsed: [],
    queryHash: '',
  };
}

/** Whether `--filter TEXT` selects a proof: its name contains TEXT, or its file is named TEXT. */
export function matchesFilter(l: Loaded, filter: string): boolean {
  // A proof file's name selects that file only (`encoding.proof.ts` is not `signature-encoding.proof.ts`).
  return l.rec.name.toLowerCase().includes(filter.toLowerCase()) || path.basename(l.file) === filter;
}

/** Imports every proof file (the real closures, for replay) and pairs each proof with its source. */
export async function loadProofs(root: string, project: Project, filter?: string): Promise<{ loaded: Loaded[]; errors: ProofResult[] }> {
  const loaded: Loaded[] = [];
  const errors: ProofResult[] = [];
  const seen = new Map<string, string>();
  for (const file of listProofFiles(root)) {
    const sf = project.getSourceFileOrThrow(file);
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (e) {
      errors.push(errorResult(path.relative(root, file), 1, `import failed: ${e instanceof Error ? e.message : String(e)}`));
      continue;
    }
    for (const v of Object.values(mod)) {
      const recs = Array.isArray(v) ? v : [v];
      for (const rec of recs) {
        if (!isProofRecord(rec)) continue;
        if (seen.has(rec.name)) {
          errors.push(errorResult(path.relative(root, file), 1, `duplicate proof name '${rec.name}' (also in ${seen.get(rec.name)})`, rec));
          continue;
        }
        seen.set(rec.name, path.relative(root, file));
        if (filter !== undefined && !matchesFilter({ file, sf, rec }, filter)) continue;
        loaded.push({ file, sf, rec });
      }
    }
  }
  return { loaded, errors };
}
