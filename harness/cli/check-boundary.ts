/** `bllvm check-boundary`: the kernel purity check (harness/boundary.ts); exit 1 on any offender. */
import path from 'node:path';
import { checkBoundary, formatBoundary } from '../boundary.js';

export interface CheckBoundaryOptions {
  readonly root: string;
  readonly json: boolean;
}

export async function checkBoundaryCommand(options: CheckBoundaryOptions): Promise<number> {
  const { json } = options;
  const root = path.resolve(options.root);
  const violations = checkBoundary(root);
  process.stdout.write(json ? `${JSON.stringify(violations, null, 2)}\n` : `${formatBoundary(violations)}\n`);
  return violations.length === 0 ? 0 : 1;
}
