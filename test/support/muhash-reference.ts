/**
 * An independent statement of Bitcoin Core's MuHash3072 and of the per-coin serialization its
 * `gettxoutsetinfo muhash` hashes, for tests to compare the kernel with: OpenSSL's SHA256 and
 * ChaCha20 (node:crypto), textbook bigint arithmetic (`%`, square-and-multiply inverse), Buffer
 * writes. It shares no code with kernel/commitments/. It reproduces Core's unit-test vector
 * (test/commitments/muhash.test.ts), so it is a reference.
 */
import { createCipheriv, createHash } from 'node:crypto';

const P = 2n ** 3072n - 1103717n;

function referenceNum(data: Uint8Array): bigint {
  const key = createHash('sha256').update(data).digest();
  // OpenSSL's chacha20 IV: a 32-bit little-endian block counter, then the 96-bit nonce.
  const stream = createCipheriv('chacha20', key, Buffer.alloc(16)).update(Buffer.alloc(384));
  return BigInt(`0x${Buffer.from(stream).reverse().toString('hex')}`) % P;
}

function referencePow(base: bigint, exp: bigint): bigint {
  let r = 1n;
  let b = base % P;
  for (let e = exp; e > 0n; e /= 2n) {
    if (e % 2n === 1n) r = (r * b) % P;
    b = (b * b) % P;
  }
  return r;
}

/** MuHash3072 of a multiset quotient, as Core prints it (uint256 display hex). */
export function referenceMuhashDisplayHex(inserted: readonly Uint8Array[], removed: readonly Uint8Array[] = []): string {
  const num = inserted.reduce((acc, d) => (acc * referenceNum(d)) % P, 1n);
  const den = removed.reduce((acc, d) => (acc * referenceNum(d)) % P, 1n);
  const value = (num * referencePow(den, P - 2n)) % P;
  const le = Buffer.from(value.toString(16).padStart(768, '0'), 'hex').reverse();
  return Buffer.from(createHash('sha256').update(le).digest()).reverse().toString('hex');
}

/** Core's TxOutSer (kernel/coinstats.cpp): txid (hash order), u32 vout, u32 height·2 + coinbase, i64 amount, CompactSize script length, script. */
export function referenceTxOutSer(txid: Uint8Array, vout: number, height: number, coinbase: boolean, amount: bigint, script: Uint8Array): Uint8Array {
  const head = Buffer.alloc(48);
  Buffer.from(txid).copy(head, 0);
  head.writeUInt32LE(vout, 32);
  head.writeUInt32LE(height * 2 + (coinbase ? 1 : 0), 36);
  head.writeBigInt64LE(amount, 40);
  const n = script.length;
  const size = n < 0xfd ? Buffer.of(n) : n <= 0xffff ? Buffer.of(0xfd, n & 0xff, n >> 8) : Buffer.of(0xfe, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24);
  return Buffer.concat([head, size, script]);
}
