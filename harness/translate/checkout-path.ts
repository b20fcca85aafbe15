/**
 * A file's path relative to the checkout, with `/` separators, computed once per file: the
 * translator names a file this way for every obligation's file:line:column, every contract
 * lookup and every intrinsic lookup (node:path's relative was about 1.5 s of a cold `prove`'s
 * main-thread profile, for a few hundred distinct files).
 */
import path from 'node:path';

const known = new Map<string, Map<string, string>>();

export function checkoutPath(root: string, file: string): string {
  let byFile = known.get(root);
  if (byFile === undefined) {
    byFile = new Map();
    known.set(root, byFile);
  }
  let rel = byFile.get(file);
  if (rel === undefined) {
    rel = path.relative(root, file).split(path.sep).join('/');
    byFile.set(file, rel);
  }
  return rel;
}
