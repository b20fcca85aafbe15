import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SECP256K1_BACKENDS } from '../../kernel/crypto/secp256k1.js';
import { vectorPath } from '../support/vectors.js';
import { hex, toHexString } from './helpers.js';

interface Bip340Row {
  readonly index: number;
  readonly seckey: string;
  readonly pubkey: string;
  readonly auxRand: string;
  readonly message: string;
  readonly signature: string;
  readonly result: boolean;
  readonly comment: string;
}

const lines = readFileSync(vectorPath('bips/bip-0340-test-vectors.csv'), 'utf8').trim().split(/\r?\n/);
const rows: Bip340Row[] = lines.slice(1).map((line) => {
  const [index, seckey, pubkey, auxRand, message, signature, result, ...comment] = line.split(',');
  return {
    index: Number(index),
    seckey: seckey ?? '',
    pubkey: pubkey ?? '',
    auxRand: auxRand ?? '',
    message: message ?? '',
    signature: signature ?? '',
    result: result === 'TRUE',
    comment: comment.join(','),
  };
});

describe('§3.5 bip-0340-test-vectors.csv', () => {
  it('has the BIP340 header and 19 rows, 8 of them signing vectors', () => {
    expect(lines[0]).toBe('index,secret key,public key,aux_rand,message,signature,verification result,comment');
    expect(rows.length).toBe(19);
    expect(rows.filter((r) => r.seckey !== '').length).toBe(8);
    expect(rows.map((r) => r.index)).toEqual([...Array(19).keys()]);
  });

  for (const backend of SECP256K1_BACKENDS) {
    it(`${backend.name}: 19 of 19 verify as expected, 8 of 8 sign to the exact signature`, () => {
      let verified = 0;
      let signedCount = 0;
      for (const row of rows) {
        const msg = hex(row.message);
        expect(backend.verifySchnorr(msg, hex(row.signature), hex(row.pubkey)), `row ${row.index} ${row.comment}`).toBe(row.result);
        verified++;
        if (row.seckey !== '') {
          const seckey = hex(row.seckey);
          expect(toHexString(backend.getPublicKey(seckey, true)!.subarray(1))).toBe(row.pubkey.toLowerCase());
          const sig = backend.signSchnorr(msg, seckey, hex(row.auxRand));
          expect(sig && toHexString(sig), `row ${row.index}`).toBe(row.signature.toLowerCase());
          signedCount++;
        }
      }
      expect(verified).toBe(19);
      expect(signedCount).toBe(8);
    });
  }

  it('rows 15-18 (messages of 0, 1, 17 and 100 bytes) are the variable-length ones', () => {
    expect(rows.slice(15).map((r) => r.message.length / 2)).toEqual([0, 1, 17, 100]);
  });
});
