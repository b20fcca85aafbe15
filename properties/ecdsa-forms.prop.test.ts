/**
 * The forms of parseDerLax, normalizeLowS, encodeDerSignature (kernel/crypto/ecdsa.ts) and computeTapleafHash
 * (kernel/script/taproot.ts) that the proofs translate (proofs/ecdsa.proof.ts,
 * proofs/taproot.proof.ts) against the forms they replaced (issue 15: restated in the provable
 * subset, behaviour unchanged): postfix increments inside index expressions and Uint8Array.set,
 * @noble/curves' bigint conversions, a closure with Array.from and unshift, and ByteWriter.
 * SPEC.md §3.6, §3.8.
 */
import fc from 'fast-check';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { describe, expect, it } from 'vitest';
import { taggedHash } from '../kernel/crypto/hashes.js';
import { encodeDerSignature, normalizeLowS, parseDerLax } from '../kernel/crypto/ecdsa.js';
import { compareBytes } from '../kernel/encoding/bytes.js';
import { ByteWriter } from '../kernel/encoding/writer.js';
import { toHex } from '../kernel/encoding/hex.js';
import { computeTapleafHash } from '../kernel/script/taproot.js';

/** secp256k1's order n (SEC 2), written out here rather than imported. */
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const HALF = (N - 1n) / 2n;

/** The previous normalizeLowS: S read and written by @noble/curves' bigint conversions. */
function normalizeLowSBefore(compact: Uint8Array): Uint8Array {
  const out = compact.slice();
  if (bytesToNumberBE(compact.subarray(32, 64)) <= HALF) return out;
  out.set(numberToBytesBE(N - bytesToNumberBE(compact.subarray(32, 64)), 32), 32);
  return out;
}

/** The previous encodeDerSignature: a closure building each INTEGER as a number array. */
function encodeDerSignatureBefore(compact: Uint8Array): Uint8Array {
  const part = (bytes: Uint8Array): number[] => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    const body = Array.from(bytes.subarray(i));
    if ((body[0] ?? 0) & 0x80) body.unshift(0);
    return [0x02, body.length, ...body];
  };
  const r = part(compact.subarray(0, 32));
  const s = part(compact.subarray(32, 64));
  return Uint8Array.from([0x30, r.length + s.length, ...r, ...s]);
}

/** The previous computeTapleafHash: leaf version and CompactSize-prefixed script through ByteWriter. */
function computeTapleafHashBefore(leafVersion: number, script: Uint8Array): Uint8Array {
  const w = new ByteWriter(script.length + 6);
  w.u8(leafVersion & 0xff).varBytes(script);
  return taggedHash('TapLeaf', w.finish());
}

/** The previous parseDerLax (Core's ecdsa_signature_parse_der_lax), with `input[pos++]` and `Uint8Array.set`. */
function parseDerLaxBefore(input: Uint8Array): Uint8Array | undefined {
  const nBytes = numberToBytesBE(N, 32);
  const readLongLength = (at: number, lenbyteIn: number): { len: number; pos: number } | undefined => {
    let lenbyte = lenbyteIn - 0x80;
    let pos = at;
    if (lenbyte > input.length - pos) return undefined;
    while (lenbyte > 0 && input[pos] === 0) {
      pos++;
      lenbyte--;
    }
    if (lenbyte >= 4) return undefined;
    let len = 0;
    while (lenbyte > 0) {
      len = len * 256 + (input[pos] ?? 0);
      pos++;
      lenbyte--;
    }
    return { len, pos };
  };
  const readInteger = (at: number): { start: number; len: number } | undefined => {
    let pos = at;
    if (pos === input.length || input[pos] !== 0x02) return undefined;
    pos++;
    if (pos === input.length) return undefined;
    const lenbyte = input[pos++] ?? 0;
    let len = lenbyte;
    if (lenbyte & 0x80) {
      const long = readLongLength(pos, lenbyte);
      if (long === undefined) return undefined;
      len = long.len;
      pos = long.pos;
    }
    if (len > input.length - pos) return undefined;
    return { start: pos, len };
  };
  const stripToScalar = (start: number, lenIn: number): Uint8Array | undefined => {
    let s = start;
    let len = lenIn;
    while (len > 0 && input[s] === 0) {
      s++;
      len--;
    }
    if (len > 32) return undefined;
    const out = new Uint8Array(32);
    out.set(input.subarray(s, s + len), 32 - len);
    return out;
  };
  let pos = 0;
  if (pos === input.length || input[pos] !== 0x30) return undefined;
  pos++;
  if (pos === input.length) return undefined;
  let lenbyte = input[pos++] ?? 0;
  if (lenbyte & 0x80) {
    lenbyte -= 0x80;
    if (lenbyte > input.length - pos) return undefined;
    pos += lenbyte;
  }
  const r = readInteger(pos);
  if (r === undefined) return undefined;
  const s = readInteger(r.start + r.len);
  if (s === undefined) return undefined;
  const rBytes = stripToScalar(r.start, r.len);
  const sBytes = stripToScalar(s.start, s.len);
  const compact = new Uint8Array(64);
  if (rBytes === undefined || sBytes === undefined) return compact;
  if (compareBytes(rBytes, nBytes) >= 0 || compareBytes(sBytes, nBytes) >= 0) return compact;
  compact.set(rBytes, 0);
  compact.set(sBytes, 32);
  return compact;
}

const be32 = (v: bigint): Uint8Array => numberToBytesBE(v, 32);

/** 32-byte scalars: the edges around 0, n/2 and n, short numbers behind leading zeros, and uniform bytes. */
const scalar = fc.oneof(
  fc.constantFrom(0n, 1n, 0x7fn, 0x80n, 0xffn, 0x100n, HALF - 1n, HALF, HALF + 1n, N - 1n, N, 2n ** 255n).map(be32),
  fc.tuple(fc.integer({ min: 0, max: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 })).map(([zeros, b]) => {
    const out = b.slice();
    out.fill(0, 0, zeros);
    return out;
  }),
  fc.uint8Array({ minLength: 32, maxLength: 32 }),
);
const signature = fc.tuple(scalar, scalar).map(([r, s]) => {
  const sig = new Uint8Array(64);
  sig.set(r, 0);
  sig.set(s, 32);
  return sig;
});

describe('§3.6 normalizeLowS by bytes equals the bigint form', () => {
  it('for every 64-byte r‖s with s <= n: same bytes, input untouched (fast-check)', () => {
    let high = 0;
    let checked = 0;
    fc.assert(
      fc.property(signature, (sig) => {
        if (bytesToNumberBE(sig.subarray(32, 64)) > N) return;
        const before = toHex(sig);
        const out = normalizeLowS(sig);
        expect(toHex(out)).toBe(toHex(normalizeLowSBefore(sig)));
        expect(toHex(sig)).toBe(before);
        expect(out).not.toBe(sig);
        if (bytesToNumberBE(sig.subarray(32, 64)) > HALF) high++;
        checked++;
      }),
      { numRuns: 2000 },
    );
    expect(high).toBeGreaterThan(100);
    expect(checked).toBeGreaterThan(1000);
  });

  it('s = n gives s = 0 in both forms; s > n (never a parsed signature) threw before and is (n - s) mod 2^256 now', () => {
    const r = be32(0x1234n);
    const atN = Uint8Array.from([...r, ...be32(N)]);
    expect(toHex(normalizeLowS(atN))).toBe(toHex(normalizeLowSBefore(atN)));
    expect(toHex(normalizeLowS(atN).subarray(32))).toBe('00'.repeat(32));
    const above = Uint8Array.from([...r, ...be32(2n ** 256n - 1n)]);
    expect(() => normalizeLowSBefore(above)).toThrow();
    expect(toHex(normalizeLowS(above))).toBe(toHex(r) + toHex(be32(N - (2n ** 256n - 1n) + 2n ** 256n)));
  });

  it('other lengths keep the previous path (65 and 70 bytes equal, 40 bytes low)', () => {
    for (const len of [40, 65, 70]) {
      const sig = new Uint8Array(len).fill(0xaa);
      expect(toHex(normalizeLowS(sig)), `${len} bytes`).toBe(toHex(normalizeLowSBefore(sig)));
    }
  });
});

describe('§3.6 encodeDerSignature without closures equals the previous form', () => {
  it('for every 64-byte r‖s: the same bytes (fast-check)', () => {
    const lengths = new Set<number>();
    fc.assert(
      fc.property(signature, (sig) => {
        const der = encodeDerSignature(sig);
        expect(toHex(der)).toBe(toHex(encodeDerSignatureBefore(sig)));
        lengths.add(der.length);
      }),
      { numRuns: 2000 },
    );
    // From two one-byte integers (8 bytes) to two padded 33-byte ones (70 bytes).
    expect(lengths.has(8)).toBe(true);
    expect(lengths.has(70)).toBe(true);
  });

  it('for inputs of 0 to 80 bytes, not only 64 (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 80 }), (compact) => {
        expect(toHex(encodeDerSignature(compact))).toBe(toHex(encodeDerSignatureBefore(compact)));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('§3.8 computeTapleafHash without ByteWriter equals the previous form', () => {
  it('for leaf versions (bytes and other integers) and scripts of 0 to 300 bytes (fast-check)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.integer({ min: -1000, max: 0x10000 })), fc.uint8Array({ minLength: 0, maxLength: 300 }), (v, script) => {
        expect(toHex(computeTapleafHash(v, script))).toBe(toHex(computeTapleafHashBefore(v, script)));
      }),
      { numRuns: 1000 },
    );
  });

  it('at the CompactSize widths: 252, 253, 65535 and 65536 bytes, and 10,000 (MAX_SCRIPT_SIZE)', () => {
    for (const len of [252, 253, 10000, 65535, 65536]) {
      const script = new Uint8Array(len).fill(0x51);
      expect(toHex(computeTapleafHash(0xc0, script)), `${len} bytes`).toBe(toHex(computeTapleafHashBefore(0xc0, script)));
    }
  });
});

describe('§3.6 parseDerLax without postfix increments in indexes and Uint8Array.set equals the previous form', () => {
  /** DER-like inputs: 0x30, a length (short, long, zero-padded), two INTEGERs of varied lengths with zero padding, trailing bytes. */
  const derLike = fc
    .tuple(
      fc.constantFrom(0x30, 0x30, 0x30, 0x31),
      fc.oneof(fc.integer({ min: 0, max: 0x7f }).map((l) => [l]), fc.constantFrom([0x81, 0x45], [0x82, 0x00, 0x45], [0x85], [0x80])),
      fc.array(fc.tuple(fc.constantFrom(0x02, 0x02, 0x03), fc.integer({ min: 0, max: 4 }), fc.uint8Array({ minLength: 0, maxLength: 34 }), fc.boolean()), { minLength: 0, maxLength: 2 }),
      fc.uint8Array({ minLength: 0, maxLength: 4 }),
    )
    .map(([tag, seqLen, ints, tail]) => {
      const out: number[] = [tag, ...seqLen];
      for (const [itag, zeros, body, longForm] of ints) {
        const content = [...new Array<number>(zeros).fill(0), ...body];
        out.push(itag, ...(longForm ? [0x82, 0x00, content.length] : [content.length]), ...content);
      }
      return Uint8Array.from([...out, ...tail]);
    });
  it('on DER-like inputs and arbitrary bytes: the same result (fast-check)', () => {
    let parsed = 0;
    let nonZero = 0;
    fc.assert(
      fc.property(fc.oneof(derLike, fc.uint8Array({ minLength: 0, maxLength: 80 })), (input) => {
        const now = parseDerLax(input);
        const before = parseDerLaxBefore(input);
        expect(now === undefined ? 'undefined' : toHex(now)).toBe(before === undefined ? 'undefined' : toHex(before));
        if (now !== undefined) parsed++;
        if (now !== undefined && now.some((b) => b !== 0)) nonZero++;
      }),
      { numRuns: 3000 },
    );
    expect(parsed).toBeGreaterThan(100);
    expect(nonZero).toBeGreaterThan(50);
  });

  it('on the encodings of random signatures, with and without a hash-type byte (fast-check)', () => {
    fc.assert(
      fc.property(signature, fc.boolean(), (sig, withType) => {
        const der = withType ? Uint8Array.from([...encodeDerSignature(sig), 0x01]) : encodeDerSignature(sig);
        expect(toHex(parseDerLax(der)!)).toBe(toHex(parseDerLaxBefore(der)!));
      }),
      { numRuns: 1000 },
    );
  });
});
