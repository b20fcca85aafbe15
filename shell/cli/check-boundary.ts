/** `bllvm check-boundary`: the kernel purity check (harness/boundary.ts); exit 1 on any offender. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBoundary, formatBoundary } from '../../harness/boundary.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function checkBoundaryCommand(args: readonly string[]): Promise<number> {
  let root = ROOT;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--root') root = path.resolve(args[++i] ?? '.');
    else if (args[i] === '--json') json = true;
    else {
      process.stderr.write(`bllvm check-boundary: unknown option ${args[i]}\nusage: bllvm check-boundary [--root DIR] [--json]\n`);
      return 2;
    }
  }
  const violations = checkBoundary(root);
  process.stdout.write(json ? `${JSON.stringify(violations, null, 2)}\n` : `${formatBoundary(violations)}\n`);
  return violations.length === 0 ? 0 : 1;
}
