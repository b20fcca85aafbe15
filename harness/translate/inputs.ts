/**
 * Input domains: a proof input's symbolic value (harness/dsl.ts Domain), with its range
 * assumptions. Inputs are arrays the code may not write (no allocation refs).
 */
import type { Domain } from '../dsl.js';
import type { TranslationContext } from './context.js';
import type { BoolTerm, Value } from './values.js';

const BYTE: Domain = { kind: 'number', min: 0, max: 255 };

/** A fresh symbolic value named `name` for an input of domain `d`; pushes its range assumptions. */
export function symbolicInput(cx: TranslationContext, name: string, d: Domain, assumptions: BoolTerm[]): Value {
  const z3 = cx.z3;
  switch (d.kind) {
    case 'number': {
      const t = z3.Int.const(name);
      assumptions.push(t.ge(d.min), t.le(d.max));
      return cx.makeInt(true, t, BigInt(d.min), BigInt(d.max));
    }
    case 'bigint': {
      const t = z3.Int.const(name);
      if (d.min !== undefined) assumptions.push(t.ge(d.min));
      if (d.max !== undefined) assumptions.push(t.le(d.max));
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
  }
}
