/** `bllvm check-boundary`: the kernel purity check (harness/boundary.ts); exit 1 on any offender, 2 on a bad --root. */
import { statSync } from 'node:fs';
import path from 'node:path';
import { checkBoundary, formatBoundary } from '../boundary.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../../shell/cli/output.js';

export interface CheckBoundaryOptions {
  readonly root: string;
  readonly json: boolean;
}

/** Why `root` cannot be checked (no such folder, not a folder, no kernel/ in it), or undefined. */
export function badRoot(root: string): string | undefined {
  const kind = (p: string): 'dir' | 'other' | 'missing' => {
    try {
      return statSync(p).isDirectory() ? 'dir' : 'other';
    } catch {
      return 'missing';
    }
  };
  switch (kind(root)) {
    case 'missing':
      return 'no such folder';
    case 'other':
      return 'not a folder';
    case 'dir':
      return kind(path.join(root, 'kernel')) === 'dir' ? undefined : 'has no kernel/ folder (give the root of a bllvm-ts checkout)';
  }
}

export async function checkBoundaryCommand(options: CheckBoundaryOptions): Promise<number> {
  const { json } = options;
  const root = path.resolve(options.root);
  const bad = badRoot(root);
  if (bad !== undefined) {
    process.stderr.write(`bllvm check-boundary: --root ${options.root}: ${bad}\n`);
    return EXIT_USAGE;
  }
  const violations = checkBoundary(root);
  process.stdout.write(json ? `${JSON.stringify(violations, null, 2)}\n` : `${formatBoundary(violations)}\n`);
  return violations.length === 0 ? EXIT_OK : EXIT_FAILED;
}
