/**
 * The mutation operators over one kernel function's source (ts-morph, the original text): each
 * mutant is a replacement of a range of the file's text, applied in memory by apply.ts. The
 * operators are those of classic mutation testing (Offutt's relational and constant replacement,
 * statement deletion) chosen for what a consensus spec must pin: boundaries, constants, guards.
 */
import path from 'node:path';
import { type FunctionDeclaration, Node } from 'ts-morph';
import type { Mutant, MutationOperator } from './types.js';

const RELATIONAL_FLIP: Readonly<Record<string, string>> = { '<': '<=', '<=': '<', '>': '>=', '>=': '>', '===': '!==', '!==': '===' };
const NON_COMMUTATIVE = new Set(['-', '/', '%', '<<', '>>', '>>>', '**', '<', '<=', '>', '>=']);
const LOGICAL_SWAP: Readonly<Record<string, string>> = { '&&': '||', '||': '&&' };

interface Edit {
  readonly operator: MutationOperator;
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
}

/** A literal's text for `value`, in the original's base (hex stays hex), bigint suffix kept. */
function literalText(original: string, value: bigint, isBigint: boolean): string {
  const hex = /^0x/i.test(original);
  const upper = hex && /[A-F]/.test(original);
  const magnitude = value < 0n ? -value : value;
  let digits = hex ? `0x${magnitude.toString(16)}` : magnitude.toString();
  if (upper) digits = `0x${magnitude.toString(16).toUpperCase()}`;
  const text = `${digits}${isBigint ? 'n' : ''}`;
  return value < 0n ? `(-${text})` : text;
}

/** A literal's integer value, or undefined (fractions, exponents). */
function literalValue(text: string): bigint | undefined {
  const t = text.replace(/_/g, '').replace(/n$/, '');
  if (!/^(0x[0-9a-f]+|0b[01]+|0o[0-7]+|\d+)$/i.test(t)) return undefined;
  return BigInt(t);
}

/** Every edit of the operators inside `fn`'s body, in source order. */
function edits(fn: FunctionDeclaration): Edit[] {
  const body = fn.getBody();
  if (body === undefined) return [];
  const out: Edit[] = [];
  body.forEachDescendant((node, traversal) => {
    if (Node.isTypeNode(node)) {
      traversal.skip(); // literal types are not code
      return;
    }
    if (Node.isBinaryExpression(node)) {
      const op = node.getOperatorToken().getText();
      const left = node.getLeft();
      const right = node.getRight();
      const flip = RELATIONAL_FLIP[op];
      if (flip !== undefined) out.push({ operator: 'relational', start: node.getOperatorToken().getStart(), end: node.getOperatorToken().getEnd(), replacement: flip });
      const logical = LOGICAL_SWAP[op];
      if (logical !== undefined) out.push({ operator: 'logical', start: node.getOperatorToken().getStart(), end: node.getOperatorToken().getEnd(), replacement: logical });
      if (NON_COMMUTATIVE.has(op)) out.push({ operator: 'swap', start: node.getStart(), end: node.getEnd(), replacement: `${right.getText()} ${op} ${left.getText()}` });
    } else if (Node.isNumericLiteral(node) || Node.isBigIntLiteral(node)) {
      const text = node.getText();
      const value = literalValue(text);
      if (value === undefined) return;
      const isBigint = Node.isBigIntLiteral(node);
      for (const d of [1n, -1n]) out.push({ operator: 'constant', start: node.getStart(), end: node.getEnd(), replacement: literalText(text, value + d, isBigint) });
    } else if (Node.isIfStatement(node)) {
      const cond = node.getExpression();
      for (const b of ['true', 'false']) if (cond.getText() !== b) out.push({ operator: 'condition', start: cond.getStart(), end: cond.getEnd(), replacement: b });
    } else if (Node.isExpressionStatement(node) || Node.isBreakStatement(node) || Node.isContinueStatement(node)) {
      // `{}` stands for the dropped statement wherever a statement may stand (also an if's branch).
      out.push({ operator: 'statement', start: node.getStart(), end: node.getEnd(), replacement: '{}' });
    }
  });
  return out;
}

/** The source line at `pos` of `text`, trimmed. */
function lineAt(text: string, pos: number): string {
  const from = text.lastIndexOf('\n', pos - 1) + 1;
  const to = text.indexOf('\n', pos);
  return text.slice(from, to < 0 ? text.length : to).trim();
}

/** The mutants of one function, with `functionKey` as functionsUsed names it. */
export function mutantsOf(fn: FunctionDeclaration, functionKey: string, root: string): Mutant[] {
  const sf = fn.getSourceFile();
  const text = sf.getFullText();
  const file = path.relative(root, sf.getFilePath());
  const seen = new Set<string>();
  const out: Mutant[] = [];
  for (const e of edits(fn)) {
    const mutated = text.slice(0, e.start) + e.replacement + text.slice(e.end);
    const { line, column } = sf.getLineAndColumnAtPos(e.start);
    const id = `${file}:${line}:${column} ${e.operator} ${e.replacement}`;
    if (seen.has(id) || text.slice(e.start, e.end) === e.replacement) continue;
    seen.add(id);
    // The mutated line: the original line with the replacement (a multi-line range shows its first line).
    const after = lineAt(mutated, e.start);
    out.push({ id, operator: e.operator, function: functionKey, file, line, start: e.start, end: e.end, replacement: e.replacement, diff: `${file}:${line}: - ${lineAt(text, e.start)}  + ${after}` });
  }
  return out;
}

/** The function declaration a functionsUsed entry `name (file:line:column)` names, in `project`. */
export function parseFunctionKey(key: string): { readonly name: string; readonly file: string; readonly line: number; readonly column: number } | undefined {
  const m = /^(.*) \((.*):(\d+):(\d+)\)$/.exec(key);
  if (m === null) return undefined;
  return { name: m[1] ?? '', file: m[2] ?? '', line: Number(m[3]), column: Number(m[4]) };
}
