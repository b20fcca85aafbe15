/**
 * Input domains: a proof input's symbolic value (harness/dsl.ts Domain), with its range
 * assumptions. Inputs are arrays and maps the code may not write (no allocation refs). A map
 * input of at most n entries has n slots: a symbolic size in [0, n], slot i present when i < size,
 * the keys of present slots distinct (any insertion order, since the keys are symbolic).
 */
import type { Domain } from '../dsl.js';
import type { TranslationContext } from './context.js';
import { fixedMap } from './maps.js';
import type { BoolTerm, IntTerm, MapEntry, Value } from './values.js';

const BYTE: Domain = { kind: 'number', min: 0, max: 255 };

/** The Int of a map key input (harness/dsl.ts `map` admits string, number and bigint keys only). */
function keyTerm(key: Value): IntTerm {
  if (key.kind !== 'string' && key.kind !== 'int') throw new Error(`a map key input of kind ${key.kind}`);
  return key.term;
}

/** A fresh symbolic value named `name` for an input of domain `d`; pushes its range assumptions. */
export function symbolicInput(cx: TranslationContext, name: string, d: Domain, assumptions: BoolTerm[]): Value {
  const z3 = cx.z3;
  switch (d.kind) {
    case 'number': {
      const t = z3.Int.const(name);
      // The bounds as the translation's numerals (made once; a byte array's 2 per byte were 0.7 s of z3 calls in a cold run).
      assumptions.push(t.ge(cx.numeral(BigInt(d.min))), t.le(cx.numeral(BigInt(d.max))));
      return cx.makeInt(true, t, BigInt(d.min), BigInt(d.max));
    }
    case 'bigint': {
      const t = z3.Int.const(name);
      if (d.min !== undefined) assumptions.push(t.ge(cx.numeral(d.min)));
      if (d.max !== undefined) assumptions.push(t.le(cx.numeral(d.max)));
      return cx.makeInt(false, t, d.min, d.max);
    }
    case 'boolean':
      return { kind: 'bool', term: z3.Bool.const(name) };
    case 'tuple':
      return { kind: 'array', items: d.items.map((item, i) => symbolicInput(cx, `${name}_${i}`, item, assumptions)) };
    case 'bytes':
      return { kind: 'array', items: Array.from({ length: d.length }, (_, i) => symbolicInput(cx, `${name}_${i}`, d.items?.[i] ?? BYTE, assumptions)) };
    case 'record': {
      const fields = new Map<string, Value>();
      for (const [key, item] of Object.entries(d.fields)) fields.set(key, symbolicInput(cx, `${name}_${key}`, item, assumptions));
      return { kind: 'record', fields };
    }
    case 'string':
      return { kind: 'string', term: z3.Int.const(name) };
    case 'map': {
      const size = z3.Int.const(`${name}_size`);
      assumptions.push(size.ge(0), size.le(d.size));
      const entries: MapEntry[] = Array.from({ length: d.size }, (_, i) => ({
        key: symbolicInput(cx, `${name}_${i}_key`, d.key, assumptions),
        value: symbolicInput(cx, `${name}_${i}_value`, d.value, assumptions),
        present: size.gt(i),
      }));
      // Distinct keys: slot j < i is present whenever slot i is.
      const keys = entries.map((e) => keyTerm(e.key));
      for (let i = 0; i < entries.length; i++) {
        for (let j = 0; j < i; j++) assumptions.push(z3.Implies((entries[i] as MapEntry).present, (keys[i] as IntTerm).neq(keys[j] as IntTerm)));
      }
      return fixedMap(entries);
    }
  }
}
