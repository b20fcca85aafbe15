/** Core's serialize.h MAX_SIZE: the largest length or count a decoder accepts. */
export const MAX_SIZE = 0x02000000;

/** Encoded width in bytes of a CompactSize (Core's GetSizeOfCompactSize) (SPEC.md §1.1). */
export function compactSizeWidth(n: number): number {
  if (n < 0xfd) return 1;
  if (n <= 0xffff) return 3;
  if (n <= 0xffffffff) return 5;
  return 9;
}

/**
 * Whether `n`, read after prefix byte `prefix`, is the shortest encoding of `n`
 * (Core's ReadCompactSize "non-canonical ReadCompactSize()" rule) (SPEC.md §1.1).
 */
export function isCanonicalCompactSize(prefix: number, n: number): boolean {
  if (prefix < 0xfd) return true;
  if (prefix === 0xfd) return n >= 0xfd;
  if (prefix === 0xfe) return n > 0xffff;
  return n > 0xffffffff;
}
