/** CompactSize (SPEC.md §1.1) and BIP141 weight (SPEC.md §2.3), with Bitcoin's literal boundaries. */
import { int, proof } from '../harness/dsl.js';
import { compactSizeWidth, isCanonicalCompactSize } from '../kernel/encoding/compact-size.js';
import { vsizeOf, weightOf } from '../kernel/primitives/size.js';

const SAFE = 2 ** 53 - 1;

export const compactSizeWidths = proof('CompactSize width follows the 0xfd/0xfe/0xff boundaries', {
  fn: compactSizeWidth,
  spec: '§1.1',
  statement: 'For 0 <= n < 2^53: width(n) = 1 if n < 253, 3 if n <= 65535, 5 if n <= 4294967295, else 9.',
  inputs: { n: int(0, SAFE) },
  ensures: ({ n }) => compactSizeWidth(n) === (n < 253 ? 1 : n <= 65535 ? 3 : n <= 4294967295 ? 5 : 9),
});

export const compactSizeShortestAccepted = proof('the shortest CompactSize encoding is accepted', {
  fn: isCanonicalCompactSize,
  spec: '§1.1',
  statement: 'For 0 <= n < 2^53, the encoding a writer emits (n itself below 253, else prefix 0xfd/0xfe/0xff by width) is canonical.',
  inputs: { n: int(0, SAFE) },
  ensures: ({ n }) => isCanonicalCompactSize(n < 253 ? n : n <= 65535 ? 253 : n <= 4294967295 ? 254 : 255, n),
});

export const compactSizeNonCanonicalRejected = proof('every non-canonical CompactSize encoding is rejected', {
  fn: isCanonicalCompactSize,
  spec: '§1.1',
  statement:
    'For a prefix 0xfd (value <= 65535), 0xfe (value <= 4294967295) or 0xff, the value is accepted iff it is at least 253, 65536, 4294967296 respectively, i.e. no shorter form exists.',
  inputs: { prefix: int(253, 255), n: int(0, SAFE) },
  requires: ({ prefix, n }) => (prefix === 253 ? n <= 65535 : prefix === 254 ? n <= 4294967295 : true),
  ensures: ({ prefix, n }) => isCanonicalCompactSize(prefix, n) === (prefix === 253 ? n >= 253 : prefix === 254 ? n >= 65536 : n >= 4294967296),
  covers: {
    'a non-canonical 0xfd form exists': ({ prefix, n }) => prefix === 253 && !isCanonicalCompactSize(prefix, n),
    'a non-canonical 0xff form exists': ({ prefix, n }) => prefix === 255 && !isCanonicalCompactSize(prefix, n),
  },
});

export const singleByteAlwaysCanonical = proof('a single-byte CompactSize is always canonical', {
  fn: isCanonicalCompactSize,
  spec: '§1.1',
  statement: 'For a first byte below 0xfd (the value is the byte itself), the encoding is canonical.',
  inputs: { prefix: int(0, 252) },
  ensures: ({ prefix }) => isCanonicalCompactSize(prefix, prefix),
});

export const weightFormula = proof('weight = 3 * base size + total size', {
  fn: weightOf,
  spec: '§2.3',
  statement: 'For sizes 0 <= base, total < 2^32: weight = base * 3 + total (BIP141, WITNESS_SCALE_FACTOR 4).',
  inputs: { base: int(0, 2 ** 32), total: int(0, 2 ** 32) },
  ensures: ({ base, total }) => weightOf(base, total) === base * 3 + total,
});

export const vsizeCeil = proof('vsize = ceil(weight / 4)', {
  fn: vsizeOf,
  spec: '§2.3',
  statement: 'For 0 <= w < 2^50: v = vsize(w) satisfies 4v - 4 < w <= 4v, i.e. v = ceil(w / 4).',
  inputs: { w: int(0, 2 ** 50) },
  ensures: ({ w }) => vsizeOf(w) * 4 >= w && vsizeOf(w) * 4 - 4 < w,
});

export const blockWithinWeightWithinSize = proof('a block within the weight limit is within 4,000,000 bytes', {
  fn: weightOf,
  spec: '§2.3',
  statement:
    'For sizes 0 <= base <= total: weight(base, total) <= 4,000,000 implies total <= 4,000,000 bytes and base <= 1,000,000 bytes.',
  inputs: { base: int(0, 2 ** 32), total: int(0, 2 ** 32) },
  requires: ({ base, total }) => base <= total && weightOf(base, total) <= 4000000,
  ensures: ({ base, total }) => total <= 4000000 && base <= 1000000,
  covers: { 'a full 1 MB legacy block': ({ base, total }) => base === 1000000 && total === 1000000 },
});

export const compactSizeWriterReaderAgree = proof('the CompactSize the writer emits is the one the reader accepts', {
  fn: compactSizeWidth,
  spec: '§1.1',
  statement:
    'For 0 <= n < 2^53: the prefix ByteWriter.compactSize picks from compactSizeWidth(n) (n itself, 0xfd, 0xfe or 0xff for widths 1, 3, 5, 9) passes ByteReader\'s canonical check, and n fits the payload that follows (1 byte below 253, 2 bytes, 4 bytes, 8 bytes). The little-endian byte codec itself is covered by property tests.',
  inputs: { n: int(0, SAFE) },
  ensures: ({ n }) => {
    const width = compactSizeWidth(n);
    const prefix = width === 1 ? n : width === 3 ? 253 : width === 5 ? 254 : 255;
    const fits = width === 1 ? n < 253 : width === 3 ? n <= 65535 : width === 5 ? n <= 4294967295 : n >= 4294967296; // and n < 2^53 < 2^64
    return isCanonicalCompactSize(prefix, n) && fits && (width === 1 || width === 3 || width === 5 || width === 9);
  },
});
