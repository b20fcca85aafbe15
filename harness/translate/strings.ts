/**
 * Strings made at run time: template literals with substitutions, and the hex of bytes
 * (`toHex`, `toDisplayHex` of kernel/encoding/hex.ts). A string is an Int (literals are interned,
 * compared by `===`); a made string is an uninterpreted function of the values it is made of,
 * one function per template (its constant texts) and per kinds of its parts, and one per hex
 * function and input length. JavaScript makes equal strings from equal parts, so the model
 * holds every run (sound); it knows nothing else about the text (the kernel only reports such
 * strings: a proof that needs their contents is not PROVED). A template whose parts are all
 * constants is its exact text.
 */
import { type Node, type TemplateExpression } from 'ts-morph';
import { applyEach } from '../runner/z3.js';
import type { TranslationContext } from './context.js';
import { evaluate } from './expressions.js';
import { fixedItems } from './merge.js';
import type { BoolTerm, Frame, IntTerm, Value } from './values.js';

/** The string `name(args)` of an uninterpreted function from Ints to a string's Int, declared once per name. */
function madeString(cx: TranslationContext, name: string, args: readonly IntTerm[]): Value {
  const z3 = cx.z3;
  let fn = cx.stringFunctions.get(name);
  if (fn === undefined) {
    fn = z3.Function.declare(name, ...args.map(() => z3.Int.sort()), z3.Int.sort());
    cx.stringFunctions.set(name, fn);
  }
  const [term] = applyEach(z3, [fn], args);
  return { kind: 'string', term: term as IntTerm };
}

/** A template literal: its exact text when every part is a constant, else a function of its parts. */
export function templateString(cx: TranslationContext, node: TemplateExpression, frame: Frame, pathCond: BoolTerm): Value {
  const z3 = cx.z3;
  const texts = [node.getHead().getLiteralText(), ...node.getTemplateSpans().map((s) => s.getLiteral().getLiteralText())];
  const parts = node.getTemplateSpans().map((s) => {
    const e = s.getExpression();
    // `${undefined}` would print "undefined": a part must be present (an obligation, as for any use of a value).
    const v = cx.present(evaluate(cx, e, frame, pathCond), pathCond, e, `template part '${e.getText()}'`);
    if (v.kind === 'string' || v.kind === 'int') return v;
    return cx.fail(`template part of kind ${v.kind}`, e);
  });
  const constants = parts.map((p) => (p.kind === 'string' ? p.constant : p.constant?.toString()));
  if (constants.every((c) => c !== undefined)) {
    const text = texts.map((t, i) => t + (constants[i] ?? '')).join('');
    return { kind: 'string', term: z3.Int.val(cx.stringId(text)), constant: text };
  }
  // Equal values of different kinds print alike (5, 5n, '5' as interned) but are different Ints here: one function per kinds.
  const kinds = parts.map((p) => (p.kind === 'string' ? 's' : p.isNumber ? 'n' : 'b')).join('');
  const name = `str_template${cx.templateIndex(JSON.stringify(texts))}_${kinds}`;
  cx.madeStrings.add(`template literal at ${cx.loc(node)}`);
  return madeString(cx, name, parts.map((p) => p.term));
}

/** `toHex(bytes)` / `toDisplayHex(bytes)`: a function of the bytes, one per function and input length. */
export function hexString(cx: TranslationContext, name: 'toHex' | 'toDisplayHex', input: Value, node: Node): Value {
  if (input.kind !== 'array') return cx.fail(`${name} of a ${input.kind}`, node);
  const bytes = fixedItems(cx, input, name, node).map((b, i) => (b.kind === 'int' && b.isNumber ? b.term : cx.fail(`${name} input byte ${i} is a ${b.kind}`, node)));
  cx.madeStrings.add(`${name} of ${bytes.length} bytes`);
  return madeString(cx, `str_${name}_len${bytes.length}`, bytes);
}
