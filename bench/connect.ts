/**
 * connectBlock on the real blocks that come with undo data (bcoin fixtures): every input's scripts
 * verified, once per secp256k1 backend in the same run. Reports median ms and inputs per second.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NETWORKS } from '../kernel/chain/params.js';
import { type Coin, outpointKey } from '../kernel/chain/utxo.js';
import { SECP256K1_BACKENDS } from '../kernel/crypto/secp256k1.js';
import { decodeBlock } from '../kernel/primitives/block.js';
import { connectBlock } from '../kernel/validation/connect-block.js';
import { parseUndoFile, undoView } from '../shell/chain/undo-file.js';
import { measure } from './stats.js';

interface Fixture {
  readonly file: string;
  readonly prevouts: string;
  readonly network: 'mainnet' | 'testnet3';
  readonly height: number;
  readonly nonCoinbaseInputs: number;
  readonly totalFeesSat: number;
}

export interface ConnectBenchRow {
  readonly block: string;
  readonly backend: string;
  readonly inputs: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly inputsPerSecond: number;
}

const vector = (relative: string): Uint8Array => new Uint8Array(readFileSync(fileURLToPath(new URL(`../test/vectors/${relative}`, import.meta.url))));

/** Times connectBlock (scripts included) of each block with undo data, with every backend. */
export function benchConnect(iterations: number): ConnectBenchRow[] {
  const manifest = JSON.parse(new TextDecoder().decode(vector('blocks-manifest.json'))) as (Fixture & { prevouts?: string })[];
  const rows: ConnectBenchRow[] = [];
  for (const fixture of manifest.filter((m): m is Fixture => m.prevouts !== undefined)) {
    const decoded = decodeBlock(vector(fixture.file));
    const spent = parseUndoFile(vector(fixture.prevouts));
    if (!decoded.ok || !spent.ok) throw new Error(`${fixture.file}: fixture does not decode`);
    const view = undoView(decoded.value, spent.value);
    if (!view.ok) throw new Error(view.error);
    const coins: Map<string, Coin> = view.value;
    const params = (fixture.network === 'mainnet' ? NETWORKS.main : NETWORKS.testnet3).consensus;
    for (const backend of SECP256K1_BACKENDS) {
      const connect = () => {
        const r = connectBlock({ getCoin: (p) => coins.get(outpointKey(p)) }, decoded.value, {
          height: fixture.height,
          prevMedianTimePast: decoded.value.header.time - 1,
          medianTimePastAt: () => 0,
          params,
          backend,
        });
        if (!r.ok) throw new Error(`${fixture.file}: ${r.error.reason}`);
        if (r.value.fees !== BigInt(fixture.totalFeesSat)) throw new Error(`${fixture.file}: fees ${r.value.fees}`);
        return r;
      };
      const stats = measure(fixture.file, connect, iterations, 1);
      rows.push({
        block: `${fixture.file.replace('bcoin/', '')} (h ${fixture.height})`,
        backend: backend.name,
        inputs: fixture.nonCoinbaseInputs,
        medianMs: stats.medianMs,
        minMs: stats.minMs,
        inputsPerSecond: Math.round((fixture.nonCoinbaseInputs * 1000) / stats.medianMs),
      });
    }
  }
  return rows;
}
