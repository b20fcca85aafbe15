/**
 * The kernel boundary check (docs/ARCHITECTURE.md, kernel rule 1): kernel files import only kernel files and
 * ALLOWED_PACKAGES (hashes, ciphers, the signature backends); no clock, randomness, environment, timers, file or
 * network access, no module-level `let`/`var`, no assignment to a parameter or a property of one,
 * and no write (element or property store, a mutating method such as push/set/fill, or a static
 * function that changes its first argument: Object.assign, Object.freeze, Reflect.set...) through a
 * parameter, a module-level constant, or a local alias or subarray view of either. One exception:
 * a parameter its function's JSDoc names in an `@inOut` tag (kernel/encoding/little-endian.ts
 * `writeU32le(out, at, n)`) may be written through (by its name, an alias or a view; never
 * reassigned), and every call of that function must pass there an array its caller created
 * (or its own `@inOut` parameter), never its input or a module constant: the write lands only in
 * the caller's own array, as the proof translator models it (harness/translate/calls.ts `inOutCall`).
 */
import path from 'node:path';
import { Node, Project, SyntaxKind, VariableDeclarationKind } from 'ts-morph';
import { inOutParameterNames } from './jsdoc.js';
import { tsFilesUnder } from './spec.js';

export interface BoundaryViolation {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
  readonly text: string;
}

/** Packages the kernel may import (prefix match on the module specifier). */
export const ALLOWED_PACKAGES = ['@noble/hashes', '@noble/curves', '@noble/ciphers', 'tiny-secp256k1'] as const;

/** Globals a pure kernel must not touch. */
const FORBIDDEN_GLOBALS = new Set([
  'Date',
  'process',
  'setTimeout',
  'setInterval',
  'setImmediate',
  'clearTimeout',
  'clearInterval',
  'clearImmediate',
  'queueMicrotask',
  'performance',
  'require',
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'eval',
  'globalThis',
  'global',
  'window',
  'Buffer',
  'fs',
  'net',
]);

const ASSIGNMENT_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '**=', '<<=', '>>=', '>>>=', '&=', '|=', '^=', '&&=', '||=', '??=']);

/** Array, typed-array and Map methods that change their receiver. */
const MUTATING_METHODS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'set', 'copyWithin', 'delete', 'clear', 'add']);
/** Static functions of `Object` and `Reflect` that change their first argument (its properties, prototype or extensibility). */
const MUTATING_STATICS = new Set([
  'Object.assign',
  'Object.defineProperty',
  'Object.defineProperties',
  'Object.setPrototypeOf',
  'Object.freeze',
  'Object.seal',
  'Object.preventExtensions',
  'Reflect.set',
  'Reflect.defineProperty',
  'Reflect.deleteProperty',
  'Reflect.setPrototypeOf',
  'Reflect.preventExtensions',
]);

function declarationOf(id: Node): Node | undefined {
  let sym = id.getSymbol();
  if (sym?.isAlias() === true) sym = sym.getAliasedSymbol() ?? sym;
  return sym?.getDeclarations()[0];
}

/** What a value is rooted in: a parameter, a module-level constant, or a local alias/view of either. */
interface Origin {
  readonly describe: string;
  /** The value is an `@inOut` parameter, or an alias or view of one: the caller's own array. */
  readonly inOut?: boolean;
}

/** Whether `param` is one its function's JSDoc declares `@inOut`. */
function isInOutParameter(param: Node): boolean {
  return Node.isParameterDeclaration(param) && inOutParameterNames(param.getParent()).has(param.getName());
}

/**
 * The expression's origin when its value may share storage with a parameter or a module-level
 * constant: the name itself, a property or element of it, a `subarray` view of it, a local
 * variable bound to one of those, or a conditional / `??` / `||` / `&&` choosing one.
 */
function originOf(expr: Node, aliases: ReadonlyMap<Node, Origin>): Origin | undefined {
  let e = expr;
  while (Node.isParenthesizedExpression(e) || Node.isAsExpression(e) || Node.isNonNullExpression(e) || Node.isSatisfiesExpression(e)) e = e.getExpression();
  if (Node.isIdentifier(e)) {
    const decl = declarationOf(e);
    if (decl === undefined) return undefined;
    const param = Node.isParameterDeclaration(decl) ? decl : decl.getFirstAncestorByKind(SyntaxKind.Parameter);
    if (param !== undefined) return { describe: `parameter '${e.getText()}'`, inOut: param === decl && isInOutParameter(param) };
    if (Node.isVariableDeclaration(decl) && Node.isSourceFile(decl.getVariableStatement()?.getParent())) return { describe: `module constant '${e.getText()}'` };
    const alias = aliases.get(decl);
    return alias === undefined ? undefined : { describe: `'${e.getText()}', ${alias.describe}`, inOut: alias.inOut };
  }
  if (Node.isPropertyAccessExpression(e) || Node.isElementAccessExpression(e)) return originOf(e.getExpression(), aliases);
  if (Node.isCallExpression(e)) {
    const callee = e.getExpression();
    return Node.isPropertyAccessExpression(callee) && callee.getName() === 'subarray' ? originOf(callee.getExpression(), aliases) : undefined;
  }
  if (Node.isConditionalExpression(e)) return originOf(e.getWhenTrue(), aliases) ?? originOf(e.getWhenFalse(), aliases);
  if (Node.isBinaryExpression(e) && ['??', '||', '&&'].includes(e.getOperatorToken().getText())) return originOf(e.getLeft(), aliases) ?? originOf(e.getRight(), aliases);
  return undefined;
}

/**
 * Local variables of a file that may share storage with a parameter or a module-level constant
 * (flow-insensitive: bound or assigned such a value anywhere), each with what it aliases.
 * A syntactic lint: values returned by other functions are not followed (the proof translator
 * rejects every write to an array the function did not create, so proved code is covered exactly).
 */
function aliasesOf(sf: Node): Map<Node, Origin> {
  const aliases = new Map<Node, Origin>();
  for (let changed = true; changed; ) {
    changed = false;
    const bind = (decl: Node | undefined, value: Node | undefined): void => {
      if (decl === undefined || value === undefined || aliases.has(decl)) return;
      if (Node.isVariableDeclaration(decl) && Node.isSourceFile(decl.getVariableStatement()?.getParent())) return;
      const origin = originOf(value, aliases);
      if (origin === undefined) return;
      aliases.set(decl, { describe: `an alias or view of ${origin.describe.replace(/^'[^']*', an alias or view of /, '')}`, inOut: origin.inOut });
      changed = true;
    };
    sf.forEachDescendant((node) => {
      if (Node.isVariableDeclaration(node) && Node.isIdentifier(node.getNameNode())) bind(node, node.getInitializer());
      if (Node.isBinaryExpression(node) && node.getOperatorToken().getText() === '=' && Node.isIdentifier(node.getLeft())) bind(declarationOf(node.getLeft()), node.getRight());
    });
  }
  return aliases;
}

/** Checks every .ts file under `root`/kernel. */
export function checkBoundary(root: string): BoundaryViolation[] {
  const kernelDir = path.join(root, 'kernel');
  const project = new Project({ skipAddingFilesFromTsConfig: true, compilerOptions: { allowJs: false } });
  const files = tsFilesUnder(kernelDir);
  for (const f of files) project.addSourceFileAtPath(f);
  const out: BoundaryViolation[] = [];
  for (const sf of project.getSourceFiles()) {
    const file = path.relative(root, sf.getFilePath());
    const report = (node: Node, rule: string): void => {
      out.push({ file, line: node.getStartLineNumber(), rule, text: node.getText().split('\n')[0]?.slice(0, 100) ?? '' });
    };
    const checkSpecifier = (node: Node, spec: string): void => {
      if (spec.startsWith('.')) {
        const target = path.resolve(path.dirname(sf.getFilePath()), spec);
        if (!target.startsWith(kernelDir + path.sep)) report(node, `imports '${spec}' from outside kernel/`);
        return;
      }
      if (!ALLOWED_PACKAGES.some((p) => spec === p || spec.startsWith(`${p}/`))) report(node, `imports '${spec}' (allowed: kernel files, ${ALLOWED_PACKAGES.join(', ')})`);
    };
    for (const imp of sf.getImportDeclarations()) checkSpecifier(imp, imp.getModuleSpecifierValue());
    for (const exp of sf.getExportDeclarations()) {
      const spec = exp.getModuleSpecifierValue();
      if (spec !== undefined) checkSpecifier(exp, spec);
    }
    for (const st of sf.getVariableStatements()) {
      if (st.getDeclarationKind() !== VariableDeclarationKind.Const) report(st, `module-level '${st.getDeclarationKind()}' (mutable module state)`);
    }
    const aliases = aliasesOf(sf);
    sf.forEachDescendant((node) => {
      if (Node.isCallExpression(node) && node.getExpression().getKind() === SyntaxKind.ImportKeyword) {
        report(node, 'dynamic import()');
        return;
      }
      if (Node.isPropertyAccessExpression(node) && node.getText() === 'Math.random') {
        report(node, 'Math.random (randomness)');
        return;
      }
      if (Node.isIdentifier(node) && FORBIDDEN_GLOBALS.has(node.getText())) {
        const parent = node.getParent();
        // `x.Date` or `{ Date: ... }` name a property, not the global.
        if (Node.isPropertyAccessExpression(parent) && parent.getNameNode() === node) return;
        if ((Node.isPropertyAssignment(parent) || Node.isPropertySignature(parent) || Node.isMethodDeclaration(parent)) && parent.getNameNode() === node) return;
        if (Node.isImportSpecifier(parent) || Node.isExportSpecifier(parent)) return;
        const decl = node.getSymbol()?.getDeclarations()[0];
        if (decl !== undefined && decl.getSourceFile() === sf) return; // a local binding of that name
        report(node, `uses global '${node.getText()}' (clock, environment, timers, I/O)`);
        return;
      }
      let target: Node | undefined;
      if (Node.isBinaryExpression(node) && ASSIGNMENT_OPS.has(node.getOperatorToken().getText())) target = node.getLeft();
      if ((Node.isPrefixUnaryExpression(node) || Node.isPostfixUnaryExpression(node)) && [SyntaxKind.PlusPlusToken, SyntaxKind.MinusMinusToken].includes(node.getOperatorToken())) {
        target = node.getOperand();
      }
      if (target !== undefined) {
        let root: Node = target;
        let viaProperty = false;
        while (Node.isPropertyAccessExpression(root) || Node.isElementAccessExpression(root) || Node.isParenthesizedExpression(root) || Node.isNonNullExpression(root)) {
          if (!Node.isParenthesizedExpression(root) && !Node.isNonNullExpression(root)) viaProperty = true;
          root = root.getExpression();
        }
        if (!Node.isIdentifier(root)) return; // `this.pos = ...` in the reader/writer classes is fine
        const decl = declarationOf(root);
        const param = decl === undefined ? undefined : Node.isParameterDeclaration(decl) ? decl : decl.getFirstAncestorByKind(SyntaxKind.Parameter);
        if (param !== undefined) {
          // An element of an `@inOut` parameter may be written: its caller's own array.
          if (viaProperty && param === decl && isInOutParameter(param)) return;
          report(node, viaProperty ? `assigns to a property of parameter '${root.getText()}'` : `assigns to parameter '${root.getText()}'`);
          return;
        }
        const origin = viaProperty ? originOf(root, aliases) : undefined;
        if (origin !== undefined && origin.inOut !== true) report(node, `writes through ${origin.describe}`);
        return;
      }
      // A mutating method on a parameter, a module constant or an alias or view of one.
      if (Node.isCallExpression(node)) {
        const callee = node.getExpression();
        if (Node.isIdentifier(callee)) {
          // An `@inOut` parameter receives an array its caller may write.
          const target = declarationOf(callee);
          const names = inOutParameterNames(target);
          const params = target !== undefined && Node.isFunctionDeclaration(target) ? target.getParameters() : [];
          node.getArguments().forEach((a, i) => {
            const p = params[i];
            if (p === undefined || !Node.isParameterDeclaration(p) || !names.has(p.getName())) return;
            const origin = originOf(a, aliases);
            if (origin !== undefined && origin.inOut !== true) report(node, `passes ${origin.describe} to the in-out parameter '${p.getName()}' of ${callee.getText()}()`);
          });
          return;
        }
        if (Node.isPropertyAccessExpression(callee) && MUTATING_STATICS.has(callee.getText())) {
          const first = node.getArguments()[0];
          const origin = first === undefined ? undefined : originOf(first, aliases);
          if (origin !== undefined && origin.inOut !== true) report(node, `changes ${origin.describe} with ${callee.getText()}()`);
          return;
        }
        if (!Node.isPropertyAccessExpression(callee) || !MUTATING_METHODS.has(callee.getName())) return;
        const origin = originOf(callee.getExpression(), aliases);
        if (origin !== undefined && origin.inOut !== true) report(node, `calls ${callee.getName()}() on ${origin.describe}`);
      }
    });
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

export function formatBoundary(violations: readonly BoundaryViolation[]): string {
  if (violations.length === 0) return 'check-boundary: kernel/ is pure (no offenders)';
  return [`check-boundary: ${violations.length} offender(s) in kernel/:`, ...violations.map((v) => `  ${v.file}:${v.line}: ${v.rule}: ${v.text}`)].join('\n');
}
