/**
 * Counterexamples: z3's model turned back into the JS values the proof's closures take, replayed
 * on the real kernel functions (confirmed / obligation / hash-model / string-model / spurious), and printed as a
 * ready regression test.
 */
import { Node, type SourceFile } from 'ts-morph';
import type { Domain, Inputs, ProofRecord } from '../dsl.js';
import type { Built } from './build.js';
import type { Counterexample } from './types.js';

const BYTE: Domain = { kind: 'number', min: 0, max: 255 };

/**
 * Turns the model's input constants back into the JS values the proof's closures take. A string
 * input is the literal the translation interned as its Int (`strings`), or else a text of its own,
 * `#` and the Int: distinct Ints give distinct strings, all that the model knows of them.
 */
export function inputsFromModel(
  inputs: Readonly<Record<string, Domain>>,
  model: Readonly<Record<string, string>>,
  strings: ReadonlyMap<number, string> = new Map(),
): { values: Inputs; shown: Record<string, string> } {
  const shown: Record<string, string> = {};
  const build = (name: string, d: Domain): unknown => {
    switch (d.kind) {
      case 'number': {
        const v = model[name] ?? String(Math.max(d.min, Math.min(d.max, 0)));
        shown[name.slice(3)] = v;
        return Number(v);
      }
      case 'bigint': {
        const fallback = d.min !== undefined && d.min > 0n ? d.min : d.max !== undefined && d.max < 0n ? d.max : 0n;
        const v = model[name] ?? fallback.toString();
        shown[name.slice(3)] = `${v}n`;
        return BigInt(v);
      }
      case 'boolean': {
        const v = model[name] ?? 'false';
        shown[name.slice(3)] = v;
        return v === 'true';
      }
      case 'tuple':
        return d.items.map((item, i) => build(`${name}_${i}`, item));
      case 'bytes':
        return Uint8Array.from({ length: d.length }, (_, i) => build(`${name}_${i}`, d.items?.[i] ?? BYTE) as number);
      case 'record': {
        const o: Record<string, unknown> = {};
        for (const [k, item] of Object.entries(d.fields)) o[k] = build(`${name}_${k}`, item);
        return o;
      }
      case 'string': {
        const id = model[name];
        const text = id === undefined ? `#${name.slice(3)}` : (strings.get(Number(id)) ?? `#${id}`);
        shown[name.slice(3)] = JSON.stringify(text);
        return text;
      }
      case 'map': {
        const size = Number(model[`${name}_size`] ?? '0');
        shown[`${name.slice(3)}.size`] = String(size);
        return new Map(Array.from({ length: size }, (_, i) => [build(`${name}_${i}_key`, d.key), build(`${name}_${i}_value`, d.value)]));
      }
    }
  };
  const values: Record<string, unknown> = {};
  for (const [k, d] of Object.entries(inputs)) values[k] = build(`in_${k}`, d);
  return { values, shown };
}

function jsLiteral(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Uint8Array) return `Uint8Array.of(${[...v].join(', ')})`;
  if (Array.isArray(v)) return `[${v.map(jsLiteral).join(', ')}]`;
  if (v instanceof Map) return `new Map([${[...v].map(jsLiteral).join(', ')}])`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'object' && v !== null) return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${jsLiteral(x)}`).join(', ')} }`;
  return String(v);
}

/** A vitest test that fails until the code is fixed: the proof file's imports and locals, the inputs, requires and ensures. */
export function regressionTest(sf: SourceFile, rec: ProofRecord, ensuresText: string, requiresText: string | undefined, values: Inputs): string {
  const imports = sf
    .getImportDeclarations()
    .filter((d) => !d.getModuleSpecifierValue().includes('harness/'))
    .map((d) => d.getText())
    .join('\n');
  // The proof file's own constants and helpers, so the test compiles as pasted.
  const locals = sf
    .getStatements()
    .filter((st) => {
      if (Node.isFunctionDeclaration(st)) return true;
      if (!Node.isVariableStatement(st)) return false;
      return st.getDeclarations().every((d) => {
        const init = d.getInitializer();
        return init === undefined || !(Node.isCallExpression(init) && init.getExpression().getText() === 'proof');
      });
    })
    .map((st) => st.getText().replace(/^export\s+/, ''))
    .join('\n');
  const lines = [
    "import { expect, it } from 'vitest';",
    imports,
    ...(locals.length > 0 ? ['', locals] : []),
    '',
    `it(${JSON.stringify(`regression: ${rec.name}`)}, () => {`,
    `  const inputs = ${jsLiteral(values)};`,
    ...(requiresText !== undefined ? [`  const requires: (i: typeof inputs) => boolean = ${requiresText};`, '  expect(requires(inputs)).toBe(true);'] : []),
    `  const ensures: (i: typeof inputs) => boolean = ${ensuresText};`,
    '  expect(ensures(inputs)).toBe(true);',
    '});',
  ];
  return lines.join('\n');
}

/**
 * Replays a counterexample on the real functions: 'confirmed' when the real ensures fails on it,
 * else 'obligation' when a translator obligation failed, else 'hash-model' when the proof uses
 * hashes (z3 gave them values the real hashes do not have), else 'string-model' when it made strings
 * at run time (uninterpreted functions of their parts), else 'spurious' (a translator bug).
 */
export function replay(rec: ProofRecord, values: Inputs, failed: readonly Built['checks'][number][], built: Built): Pick<Counterexample, 'replay' | 'replayDetail'> {
  let requiresOk = true;
  let requiresError: string | undefined;
  try {
    requiresOk = rec.options.requires === undefined || rec.options.requires(values) === true;
  } catch (e) {
    requiresOk = false;
    requiresError = `requires threw: ${String(e)}`;
  }
  let ensuresOk: boolean | string;
  try {
    ensuresOk = rec.options.ensures(values) === true;
  } catch (e) {
    ensuresOk = `threw ${e instanceof Error ? e.message : String(e)}`;
  }
  const obligationFailed = failed.filter((c) => c.kind !== 'ensures');
  if (requiresOk && ensuresOk !== true) {
    return { replay: 'confirmed', replayDetail: `confirmed by concrete run: ensures ${ensuresOk === false ? 'returned false' : ensuresOk} on the real function` };
  }
  if (obligationFailed.length > 0) {
    return {
      replay: 'obligation',
      replayDetail: `model-domain obligation failed: ${[...new Set(obligationFailed.map((c) => `${c.message} at ${c.loc}`))].join('; ')} (the real function ran; ensures ${ensuresOk === true ? 'holds' : 'fails'} concretely)`,
    };
  }
  if (built.axioms.length > 0) {
    return {
      replay: 'hash-model',
      replayDetail: `not confirmed on the real function: the counterexample gives the hash functions values the real hashes do not (they are uninterpreted: ${built.axioms.join('; ')}); the property holds only under an assumption about the hash the harness does not make`,
    };
  }
  if (built.madeStrings.length > 0) {
    return {
      replay: 'string-model',
      replayDetail: `not confirmed on the real function: the counterexample gives strings made at run time values the real ones do not have (they are uninterpreted functions of their parts: ${built.madeStrings.join('; ')}); the property depends on their text, which the harness does not model`,
    };
  }
  return { replay: 'spurious', replayDetail: `SPURIOUS: the real function satisfies the property on these inputs (translation/model mismatch!)${requiresError !== undefined ? ` (${requiresError})` : ''}` };
}
