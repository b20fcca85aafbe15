/**
 * The bounded blocks the ConnectBlock and DisconnectBlock proofs share (proofs/connect-block.proof.ts,
 * proofs/connect-sequence-locks.proof.ts, proofs/disconnect-block.proof.ts): input domains for
 * coins and one-input one-output transactions with 1-byte scripts, what CheckBlock establishes
 * about them, coin equality, the regtest context they connect under, and the block spending a coin
 * with a one-byte script (spendingWithOp1, for the script-running proofs); any header and mainnet's
 * powLimit for the proof-of-work proofs (block-header.proof.ts, block-check.proof.ts). Not a proof
 * file: it holds no proof.
 */
import { big, bool, bytes, int, int32, int64, nat31, record, tuple, uint32 } from '../harness/dsl.js';
import { NETWORKS } from '../kernel/chain/params.js';
import { type Coin, type UtxoSet, outpointKey } from '../kernel/chain/utxo.js';
import { concatBytes, equalBytes } from '../kernel/encoding/bytes.js';
import { i64le, u32le } from '../kernel/encoding/little-endian.js';
import type { Transaction } from '../kernel/primitives/types.js';
import type { ConnectContext } from '../kernel/validation/connect-block.js';

/** A coin of the set: any int64 value, a 1-byte script, any height, either kind. */
export const coin = () => record({ output: record({ value: int64(), scriptPubKey: bytes(1) }), height: nat31(), isCoinbase: bool() });

/** An output as CheckTransaction lets it through: its value in [0, MAX_MONEY = 21,000,000 BTC]. */
export const output = () => record({ value: big(0n, 2_100_000_000_000_000n), scriptPubKey: bytes(1) });

/** A coinbase: one input with the null outpoint's index (0xffffffff) and a 2-byte scriptSig, one output. */
export const coinbase = () =>
  record({
    version: int(1, 2),
    inputs: tuple(1, record({ prevout: record({ txid: bytes(32), vout: int(0xffffffff, 0xffffffff) }), scriptSig: bytes(2), sequence: uint32(), witness: tuple(0, bytes(0)) })),
    outputs: tuple(1, output()),
    lockTime: uint32(),
  });

/** A transaction of one input (any outpoint) and one output, of version 1 to `maxVersion`. */
export const spend = (maxVersion: number) =>
  record({
    version: int(1, maxVersion),
    inputs: tuple(1, record({ prevout: record({ txid: bytes(32), vout: uint32() }), scriptSig: bytes(1), sequence: uint32(), witness: tuple(0, bytes(0)) })),
    outputs: tuple(1, output()),
    lockTime: uint32(),
  });

/** Whether an outpoint is the null one (32 zero bytes, index 0xffffffff), a coinbase's. */
export function isNull(o: { txid: Uint8Array; vout: number }): boolean {
  return o.vout === 0xffffffff && o.txid.every((b: number) => b === 0);
}

/** What CheckBlock establishes first: the coinbase's input is the null outpoint, and no other transaction's is (bad-cb-multiple). */
export function checkBlockShaped(cb: Transaction, tx: Transaction): boolean {
  return isNull(cb.inputs[0]!.prevout) && tx.inputs.every((i) => !isNull(i.prevout));
}

/** Both present with equal fields. */
export function sameCoin(a: Coin | undefined, b: Coin | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  return a.output.value === b.output.value && equalBytes(a.output.scriptPubKey, b.output.scriptPubKey) && a.height === b.height && a.isCoinbase === b.isCoinbase;
}

/** Connecting at `height` under `params`, every median time past 0, the scripts left unchecked (they are the interpreter's proofs' business). */
function contextAt(params: ConnectContext['params'], height: number): ConnectContext {
  return {
    height,
    prevMedianTimePast: 0,
    medianTimePastAt: () => 0,
    params,
    backend: {} as never,
    verifyScripts: false,
  };
}

/** Connecting at `height` on regtest (contextAt). */
export function regtestContext(height: number): ConnectContext {
  return contextAt(NETWORKS.regtest.consensus, height);
}

/** Connecting at `height` on mainnet (contextAt). */
export function mainnetContext(height: number): ConnectContext {
  return contextAt(NETWORKS.main.consensus, height);
}

/** A block header of any field values, nBits among them (CheckBlockHeader's and CheckBlock's proof-of-work proofs). */
export const anyHeader = () => record({ version: int32(), prevBlockHash: bytes(32), merkleRoot: bytes(32), time: uint32(), bits: uint32(), nonce: uint32() });

/** Mainnet's powLimit, 2^224 - 1, written out. */
export const MAINNET_POW_LIMIT = 26959946667150639794667015087019630673637144422540572481103610249215n;

/** A block header of any field values but bits, regtest's 0x207fffff (the Merkle root among them: a proof asks which roots CheckBlock accepts). */
export const header = () => record({ version: int32(), prevBlockHash: bytes(32), merkleRoot: bytes(32), time: uint32(), bits: int(0x207fffff, 0x207fffff), nonce: uint32() });

/** A transaction of one input and one output without witness, every field symbolic: any int32 version, outpoint, sequence, int64 value and lock time; a 2-byte scriptSig, a 1-byte scriptPubKey (the shape oneInOneOutSerialization writes). */
export const oneInOneOut = () =>
  record({
    version: int32(),
    inputs: tuple(1, record({ prevout: record({ txid: bytes(32), vout: uint32() }), scriptSig: bytes(2), sequence: uint32(), witness: tuple(0, bytes(0)) })),
    outputs: tuple(1, record({ value: int64(), scriptPubKey: bytes(1) })),
    lockTime: uint32(),
  });

/**
 * Core's serialization without witness (what a txid hashes) of a transaction of one input and one
 * output whose scripts are under 253 bytes, written out field by field: version (int32, 4 bytes
 * little-endian), input count 1, the outpoint (txid, index as 4 bytes), the scriptSig with its
 * 1-byte length, the sequence (4 bytes), output count 1, the value (int64, 8 bytes two's
 * complement), the scriptPubKey with its 1-byte length, the lock time (4 bytes). The integers'
 * bytes are u32le's and i64le's, whose digits proofs/byte-layouts.proof.ts pins (base 256, two's
 * complement): the field order, counts and lengths are what this states.
 */
export function oneInOneOutSerialization(tx: Transaction): Uint8Array {
  const input = tx.inputs[0]!;
  const out = tx.outputs[0]!;
  return concatBytes(
    u32le(tx.version),
    Uint8Array.of(1),
    input.prevout.txid,
    u32le(input.prevout.vout),
    Uint8Array.of(input.scriptSig.length),
    input.scriptSig,
    u32le(input.sequence),
    Uint8Array.of(1),
    i64le(out.value),
    Uint8Array.of(out.scriptPubKey.length),
    out.scriptPubKey,
    u32le(tx.lockTime),
  );
}

export const OP_0_SCRIPT = Uint8Array.of(0x00);
export const OP_1_SCRIPT = Uint8Array.of(0x51);
/** The null outpoint (32 zero bytes, index 0xffffffff): the coinbase's input. */
const NULL_OUTPOINT = { txid: new Uint8Array(32), vout: 0xffffffff };

/** Core's ScriptErrorString for SCRIPT_ERR_EVAL_FALSE, inside ConnectBlock's reason. */
export const EVAL_FALSE_REASON = 'block-script-verify-flag-failed (Script evaluated without error but finished with a false/empty top stack element)';

/**
 * The block [cb, tx] with the coinbase's input the null outpoint and its output's script
 * `script`, the second transaction's scriptSig 51 (OP_1), and the set holding only the coin that
 * transaction spends, of script `script`. The coinbase is one by its bytes (else the model would
 * also run its scriptSig as a spend's, a path CheckBlock closes), and its new output has the same
 * script so that the coin the spend finds has one script whichever coin it is (the model merges
 * the two lookups; the coinbase's is immature and refused before any script runs).
 */
export function spendingWithOp1(cb: Transaction, tx: Transaction, spent: Coin, script: Uint8Array): { readonly set: UtxoSet; readonly cb: Transaction; readonly tx: Transaction } {
  const input = tx.inputs[0]!;
  const set = new Map<string, Coin>();
  set.set(outpointKey(input.prevout), { output: { value: spent.output.value, scriptPubKey: script }, height: spent.height, isCoinbase: spent.isCoinbase });
  return {
    set,
    cb: { ...cb, inputs: [{ ...cb.inputs[0]!, prevout: NULL_OUTPOINT }], outputs: [{ value: cb.outputs[0]!.value, scriptPubKey: script }] },
    tx: { ...tx, inputs: [{ ...input, scriptSig: OP_1_SCRIPT }] },
  };
}
