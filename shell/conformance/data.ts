/**
 * Loading the conformance vectors (test/vectors, see its INDEX.md): Core's script_tests.json and
 * tx_valid/tx_invalid.json rows, bcoin's raw txs and blocks with their undo records.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fromHex } from '../../kernel/index.js';
import { ByteReader, decodeExact } from "../../kernel/encoding/reader.js";
import type { TxOut } from '../../kernel/index.js';

/** test/vectors of a checkout, from the sources (shell/conformance/../..) or from a dist build (dist/shell/conformance/../../..). */
export function defaultVectorsDir(): string {
  for (const rel of ['../../test/vectors/', '../../../test/vectors/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(`${dir}INDEX.md`)) return dir;
  }
  return fileURLToPath(new URL('../../test/vectors/', import.meta.url));
}

export class VectorStore {
  constructor(readonly dir: string = defaultVectorsDir()) {}

  path(relative: string): string {
    return `${this.dir.endsWith('/') ? this.dir : `${this.dir}/`}${relative}`;
  }

  bytes(relative: string): Uint8Array {
    return new Uint8Array(readFileSync(this.path(relative)));
  }

  exists(relative: string): boolean {
    return existsSync(this.path(relative));
  }

  json<T>(relative: string): T {
    return JSON.parse(readFileSync(this.path(relative), 'utf8')) as T;
  }
}

/** Hex to bytes; throws on bad hex (vectors are trusted input of the test harness). */
export function hex(text: string): Uint8Array {
  const r = fromHex(text);
  if (!r.ok) throw new Error(`bad hex: ${text.slice(0, 40)}`);
  return r.value;
}

/** One case row of script_tests.json (INDEX.md §3.1), with its 0-based case number and JSON row number. */
export interface ScriptTestCase {
  readonly index: number;
  readonly row: number;
  /** Witness items as written (hex, or the `#SCRIPT#` / `#CONTROLBLOCK#` placeholders); undefined when the row has none. */
  readonly witness: readonly string[] | undefined;
  /** Amount of the spent output in BTC, as written (a JSON number). */
  readonly amountBtc: number;
  readonly scriptSig: string;
  readonly scriptPubKey: string;
  readonly flags: string;
  readonly expected: string;
  readonly comment: string;
}

export function readScriptTests(store: VectorStore): { cases: ScriptTestCase[]; comments: number } {
  const rows = store.json<unknown[][]>('bitcoin-core/script_tests.json');
  const cases: ScriptTestCase[] = [];
  let comments = 0;
  rows.forEach((row, rowIndex) => {
    if (row.length === 1 && typeof row[0] === 'string') {
      comments++;
      return;
    }
    let at = 0;
    let witness: string[] | undefined;
    let amountBtc = 0;
    const first = row[0];
    if (Array.isArray(first)) {
      witness = first.slice(0, -1).map((x) => String(x));
      amountBtc = Number(first[first.length - 1]);
      at = 1;
    }
    cases.push({
      index: cases.length,
      row: rowIndex,
      witness,
      amountBtc,
      scriptSig: String(row[at]),
      scriptPubKey: String(row[at + 1]),
      flags: String(row[at + 2]),
      expected: String(row[at + 3]),
      comment: row.slice(at + 4).map((x) => String(x)).join(' '),
    });
  });
  return { cases, comments };
}

/** One case row of tx_valid.json / tx_invalid.json (INDEX.md §3.2). */
export interface TxTestCase {
  readonly index: number;
  readonly row: number;
  readonly prevouts: readonly { readonly txid: string; readonly vout: number; readonly scriptPubKey: string; readonly amount: bigint }[];
  readonly txHex: string;
  readonly flags: string;
  /** The comment rows just before the case. */
  readonly comment: string;
}

export function readTxTests(store: VectorStore, file: 'tx_valid.json' | 'tx_invalid.json'): { cases: TxTestCase[]; comments: number } {
  const rows = store.json<unknown[][]>(`bitcoin-core/${file}`);
  const cases: TxTestCase[] = [];
  let comments = 0;
  let pending: string[] = [];
  rows.forEach((row, rowIndex) => {
    if (!Array.isArray(row[0])) {
      comments++;
      pending.push(row.map((x) => String(x)).join(' '));
      return;
    }
    const prevouts = (row[0] as unknown[][]).map((p) => ({
      txid: String(p[0]),
      vout: Number(p[1]) === -1 ? 0xffffffff : Number(p[1]),
      scriptPubKey: String(p[2]),
      amount: p.length >= 4 ? BigInt(p[3] as number) : 0n,
    }));
    cases.push({ index: cases.length, row: rowIndex, prevouts, txHex: String(row[1]), flags: String(row[2]), comment: pending.join(' ') });
    pending = [];
  });
  return { cases, comments };
}

/** bcoin's test undo fixture (INDEX.md §3.7): CTxOut records until EOF. */
export function parseUndo(bytes: Uint8Array): TxOut[] {
  const r = decodeExact(bytes, (reader: ByteReader) => {
    const outs: TxOut[] = [];
    while (reader.remaining > 0) {
      const value = reader.i64le();
      const scriptPubKey = reader.varBytes();
      outs.push({ value, scriptPubKey });
    }
    return outs;
  });
  if (!r.ok) throw new Error(`bad undo data: ${r.error.code} at ${r.error.offset}`);
  return r.value;
}
