/**
 * Differential check of the translator: a kernel function is translated with symbolic parameters,
 * then on concrete inputs the z3 term (substituted and simplified) is compared with the value the
 * real TS function returns. Inputs violating a translation obligation are outside the modelled
 * domain: they are counted, not compared (a high skip rate is itself an alarm).
 *
 * Every z3 call here is synchronous (terms are evaluated in a model of the inputs, never with the
 * async `simplify`): z3-solver's high-level API releases objects from a FinalizationRegistry, and
 * a release that runs while an async call works on the same context on z3's thread corrupts it
 * ("invalid dec_ref command", wasm "unreachable"). Finalizers only run between tasks, so with no
 * async z3 call they can never overlap one.
 */
import path from 'node:path';
import { Node, type Project } from 'ts-morph';
import type { Bool, Context, Expr, Model } from 'z3-solver';
import type { Domain } from './dsl.js';
import { Translator, type TranslatorMutant, type Value as SymbolicValue } from './translate.js';

type Z3 = Context<'main'>;

export interface TranslatedFunction {
  readonly name: string;
  readonly tr: Translator;
  readonly result: SymbolicValue;
  readonly params: readonly SymbolicValue[];
  readonly domains: readonly Domain[];
}

export function translateFunction(
  z3: Z3,
  root: string,
  project: Project,
  file: string,
  name: string,
  domains: readonly Domain[],
  mutant: TranslatorMutant = 'none',
): TranslatedFunction {
  const sf = project.getSourceFileOrThrow(path.join(root, file));
  const decl = sf.getFunction(name);
  if (decl === undefined || !Node.isFunctionDeclaration(decl)) throw new Error(`${file}: no function ${name}`);
  const tr = new Translator(z3, root, mutant);
  const assumptions: Bool<'main'>[] = [];
  const params = domains.map((d, i) => tr.symbolic(`p${i}`, d, assumptions));
  const result = tr.invoke(decl, params, z3.Bool.val(true), decl);
  return { name, tr, result, params, domains };
}

type Value = bigint | boolean | string | undefined | Value[] | { [k: string]: Value };

/** The (input term, concrete value) pairs that assign a symbolic input its concrete value. */
function leaves(z3: Z3, sym: SymbolicValue, value: unknown, out: [Expr<'main'>, Expr<'main'>][]): void {
  switch (sym.kind) {
    case 'int':
      out.push([sym.term, z3.Int.val(typeof value === 'bigint' ? value : BigInt(value as number))]);
      return;
    case 'bool':
      out.push([sym.term, z3.Bool.val(value as boolean)]);
      return;
    case 'array':
      sym.items.forEach((s, i) => leaves(z3, s, (value as unknown[])[i], out));
      return;
    case 'record':
      for (const [k, s] of sym.fields) leaves(z3, s, (value as Record<string, unknown>)[k], out);
      return;
    default:
      throw new Error(`cannot bind a ${sym.kind} input`);
  }
}

/** The value of a translated term under the model that assigns the inputs (synchronous: see the file comment). */
function evaluateSymbolic(z3: Z3, model: Model<'main'>, sym: SymbolicValue, strings: ReadonlyMap<number, string>): Value {
  const value = (t: Expr<'main'>): Expr<'main'> => model.eval(t, true);
  switch (sym.kind) {
    case 'int': {
      const v = value(sym.term);
      if (!z3.isIntVal(v)) throw new Error(`term did not evaluate to a number: ${v.sexpr()}`);
      return v.value();
    }
    case 'bool': {
      const v = value(sym.term);
      if (z3.isTrue(v)) return true;
      if (z3.isFalse(v)) return false;
      throw new Error(`term did not evaluate to a boolean: ${v.sexpr()}`);
    }
    case 'string': {
      const v = value(sym.term);
      if (!z3.isIntVal(v)) throw new Error('symbolic string');
      return strings.get(Number(v.value())) ?? `#${v.value()}`;
    }
    case 'undefined':
      return undefined;
    case 'optional': {
      const present = evaluateSymbolic(z3, model, { kind: 'bool', term: sym.present }, strings);
      return present === true ? evaluateSymbolic(z3, model, sym.value, strings) : undefined;
    }
    case 'array': {
      const n = sym.length === undefined ? sym.items.length : Number(evaluateSymbolic(z3, model, sym.length, strings));
      return sym.items.slice(0, n).map((s) => evaluateSymbolic(z3, model, s, strings));
    }
    case 'record': {
      const o: { [k: string]: Value } = {};
      for (const [k, s] of sym.fields) o[k] = evaluateSymbolic(z3, model, s, strings);
      return o;
    }
    default:
      throw new Error(`cannot evaluate a ${sym.kind}`);
  }
}

/** Normalises a real function's return value to the model's shapes (numbers become bigints). */
export function normalise(v: unknown): Value {
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new Error(`non-integer result ${v}`);
    return BigInt(v);
  }
  if (typeof v === 'bigint' || typeof v === 'boolean' || typeof v === 'string' || v === undefined) return v;
  if (Array.isArray(v)) return v.map(normalise);
  if (v instanceof Uint8Array) return [...v].map((b) => BigInt(b));
  if (typeof v === 'object' && v !== null) {
    const o: { [k: string]: Value } = {};
    for (const [k, x] of Object.entries(v)) o[k] = normalise(x);
    return o;
  }
  throw new Error(`unsupported result ${String(v)}`);
}

function project(model: Value, actual: Value): Value {
  if (typeof model !== 'object' || model === null || typeof actual !== 'object' || actual === null) return model;
  if (Array.isArray(model) && Array.isArray(actual)) return model.map((m, i) => project(m, actual[i]));
  if (Array.isArray(model) || Array.isArray(actual)) return model;
  const o: { [k: string]: Value } = {};
  for (const k of Object.keys(actual)) o[k] = k in model ? project(model[k], actual[k]) : '<missing in model>';
  return o;
}

function show(v: Value): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x));
}

export interface DiffOutcome {
  readonly compared: number;
  readonly skipped: number;
  readonly mismatches: readonly string[];
}

/** Evaluates the translated term on each input and compares with `real(...input)`. Synchronous on purpose. */
export function differential(z3: Z3, fn: TranslatedFunction, real: (...args: never[]) => unknown, inputs: readonly (readonly unknown[])[]): DiffOutcome {
  const strings = new Map<number, string>();
  for (const [s, id] of fn.tr.strings) strings.set(id, s);
  let compared = 0;
  let skipped = 0;
  const mismatches: string[] = [];
  for (const args of inputs) {
    const subst: [Expr<'main'>, Expr<'main'>][] = [];
    fn.params.forEach((p, i) => leaves(z3, p, args[i], subst));
    const inputs = new z3.Model();
    try {
      // An input whose domain is one value was translated as that constant: nothing to assign.
      for (const [c, v] of subst) if (!z3.isIntVal(c) && !z3.isTrue(c) && !z3.isFalse(c)) inputs.updateValue(c, v);
      const inDomain = fn.tr.obligations.every((o) => evaluateSymbolic(z3, inputs, { kind: 'bool', term: z3.Implies(o.pathCondition, o.condition) }, strings) === true);
      if (!inDomain) {
        skipped++;
        continue;
      }
      const actual = normalise((real as (...a: unknown[]) => unknown)(...args));
      // A merged record keeps fields of the other branch (`value` next to `error`); only the
      // fields the real value has are observable (TS narrows before reading the others).
      const model = project(evaluateSymbolic(z3, inputs, fn.result, strings), actual);
      compared++;
      if (show(model) !== show(actual)) mismatches.push(`${fn.name}(${args.map((a) => show(normalise(a))).join(', ')}): model ${show(model)}, real ${show(actual)}`);
    } finally {
      inputs.release();
    }
  }
  return { compared, skipped, mismatches };
}
