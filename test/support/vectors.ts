import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { splitBlkFile as splitBlkRecords } from '../../shell/chain/blk-file.js';

/** Absolute path of a file under test/vectors. */
export function vectorPath(relative: string): string {
  return fileURLToPath(new URL(`../vectors/${relative}`, import.meta.url));
}

export function readVector(relative: string): Uint8Array {
  return new Uint8Array(readFileSync(vectorPath(relative)));
}

export function readJsonVector<T>(relative: string): T {
  return JSON.parse(readFileSync(vectorPath(relative), 'utf8')) as T;
}

/** One entry of test/vectors/blocks-manifest.json. */
export interface ManifestBlock {
  readonly file: string;
  readonly network: 'mainnet' | 'testnet3';
  readonly height: number;
  readonly hash: string;
  readonly prevHash: string;
  readonly time: number;
  readonly bits: string;
  readonly txCount: number;
  readonly nonCoinbaseInputs: number;
  readonly sizeBytes: number;
  readonly weight: number;
  readonly hasWitness: boolean;
  readonly prevouts?: string;
  readonly totalFeesSat?: number;
  readonly subsidySat?: number;
  readonly bcoinTestAsserts?: { readonly sigopsCost: number; readonly weight: number };
}

export const MANIFEST = readJsonVector<ManifestBlock[]>('blocks-manifest.json');

/** The raw blocks of a blk*.dat file, split by the shell's reader; a malformed fixture fails the test run. */
export function splitBlkFile(data: Uint8Array, magic: Uint8Array): Uint8Array[] {
  const blocks = splitBlkRecords(data, magic);
  if (!blocks.ok) throw new Error(blocks.error);
  return blocks.value;
}

/** A row of Core's tx_valid.json / tx_invalid.json; comment rows (one string) are dropped. */
export interface TxVectorCase {
  readonly prevouts: readonly (readonly [string, number, string, number?])[];
  readonly txHex: string;
  readonly flags: string;
}

export function readTxVectors(relative: string): { cases: TxVectorCase[]; comments: number; lastComment: string[] } {
  const rows = readJsonVector<unknown[][]>(relative);
  const cases: TxVectorCase[] = [];
  const lastComment: string[] = [];
  let comments = 0;
  let comment = '';
  for (const row of rows) {
    if (row.length === 1 && typeof row[0] === 'string') {
      comments++;
      comment = row[0];
      continue;
    }
    cases.push({ prevouts: row[0] as TxVectorCase['prevouts'], txHex: row[1] as string, flags: row[2] as string });
    lastComment.push(comment);
  }
  return { cases, comments, lastComment };
}
