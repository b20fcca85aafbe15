/**
 * A deterministic regtest chain builder: mines blocks on top of the kernel-computed regtest
 * genesis with real signed transactions spending earlier outputs, and keeps its own wallet of
 * spendable coins (every spendable output it creates is its own).
 *
 * Determinism: block h is a function of (the seed in force when it was mined, h, the wallet
 * before it). Randomness comes from a PRNG seeded with `seed/h`; keys from `seed/h/counter`.
 * No Math.random, no clock. `forkAt(h, seed)` rolls the wallet back to height h and goes on
 * with another seed, so forking with the original seed rebuilds the original chain.
 *
 * Independence: transactions, blocks, Merkle roots, the witness commitment and every signature
 * hash come from the builder's own code (encoding.ts), so a built chain connecting is a check of
 * the kernel against a second implementation, not against itself.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { DEFAULT_BACKEND, type Secp256k1Backend } from '../../kernel/crypto/secp256k1.js';
import { createGenesisBlock } from '../../kernel/chain/genesis.js';
import { type ChainParams, NETWORKS } from '../../kernel/chain/params.js';
import { outpointKey } from '../../kernel/chain/utxo.js';
import type { Block, BlockHeader, OutPoint, Transaction, TxIn, TxOut } from '../../kernel/primitives/types.js';
import {
  Bytes,
  concat as concatBytes,
  headerHash as blockHash,
  meetsTarget,
  merkleRoot,
  push as pushData,
  pushNumber,
  serializeBlock as encodeBlock,
  txidOf as txid,
  witnessCommitmentScript,
} from './encoding.js';
import {
  type HashTypes,
  type KeyPair,
  type Lock,
  SPEND_KINDS,
  type SpendKind,
  deriveKey,
  inscriptionLock,
  opReturnScript,
  p2pkLock,
  p2pkhLock,
  p2shMultisigLock,
  p2trKeyLock,
  p2trScriptLock,
  p2wpkhLock,
  p2wshLock,
} from './locks.js';
import { Prng } from './prng.js';

const utf8 = new TextEncoder();
const COIN = 100_000_000n;
const COINBASE_MATURITY = 100;
const SEQUENCE_FINAL = 0xffffffff;
const SEQUENCE_TYPE_FLAG = 0x00400000;
const VERSIONBITS_TOP = 0x20000000;
/** Core's MAX_SCRIPT_SIZE + 1: an output script this long is unspendable and never enters the UTXO set. */
const OVERSIZED_SCRIPT = 10_001;

/** A spendable output the builder owns. */
export interface WalletCoin {
  readonly key: string;
  readonly outpoint: OutPoint;
  readonly output: TxOut;
  readonly height: number;
  readonly isCoinbase: boolean;
  readonly lock: Lock;
  /** An output of a fan-out transaction (BuilderOptions.fanOut): spent back only by its spend-back transactions. */
  readonly fanOut?: boolean;
}

/** What one block holds, as the builder made it (independent of the kernel). */
export interface BlockComposition {
  readonly transactions: number;
  readonly inputsByKind: Readonly<Record<SpendKind, number>>;
  readonly inputsByVariant: Readonly<Record<string, number>>;
  readonly outputsByKind: Readonly<Record<SpendKind, number>>;
  readonly opReturnOutputs: number;
  readonly oversizedOutputs: number;
  readonly burned: bigint;
  readonly inscriptionsCommitted: number;
  readonly inscriptionsRevealed: number;
  readonly inscriptionBytes: number;
  readonly sameBlockSpends: number;
  readonly relativeHeightLocks: number;
  readonly relativeTimeLocks: number;
  readonly heightLockTimes: number;
  readonly timeLockTimes: number;
  readonly annexes: number;
  /** Coinbase outputs spent exactly 100 blocks after their block (the first height Core allows). */
  readonly maturityBoundarySpends: number;
  readonly hashTypes: Readonly<Record<string, number>>;
  readonly witnessCommitment: boolean;
  readonly fees: bigint;
  readonly subsidy: bigint;
  readonly coinbaseValue: bigint;
}

export interface BuiltBlock {
  readonly height: number;
  readonly block: Block;
  /** The block serialized with witnesses (what a peer would send). */
  readonly raw: Uint8Array;
  readonly hash: Uint8Array;
  /** The seed that mined it. */
  readonly seed: string;
  readonly composition: BlockComposition;
}

export interface BuilderOptions {
  readonly seed: string | number;
  /** Default: NETWORKS.regtest. */
  readonly params?: ChainParams;
  /** The backend used to derive keys and sign. Default: DEFAULT_BACKEND. */
  readonly backend?: Secp256k1Backend;
  /** Non-coinbase transactions per block, from firstSpendHeight on. Default [2, 7]. */
  readonly txsPerBlock?: readonly [number, number];
  /** First height with transactions besides the coinbase. Default 101 (the first matured coinbase). */
  readonly firstSpendHeight?: number;
  /**
   * The time of block 1 (UNIX seconds; later blocks follow it). Default: shortly after the regtest
   * genesis (2011). bcoin gives regtest P2SH only to blocks after 2012-04-01 (its BIP16 time), so
   * chains served to bcoin start later.
   */
  readonly startTime?: number;
  /** Blocks that also fan out to many coins and spend some of them back later (a large UTXO set with a longer history). */
  readonly fanOut?: FanOutOptions;
}

/**
 * Per block from `from` on: one fan-out transaction spending the wallet's largest plain coin to
 * `outputs` coins of `value` (P2WPKH and P2TR key path, alternating, each to its own key) plus
 * change; and, `spendAfter` blocks later, the first `spendBack` of those coins spent back
 * (signed P2WPKH and P2TR key-path inputs) in transactions of `inputsPerSpend` inputs, each to
 * one P2WPKH coin of the plain wallet. The block's other transactions never touch fan-out coins.
 */
export interface FanOutOptions {
  /** First height with a fan-out transaction (default: firstSpendHeight). */
  readonly from?: number;
  readonly outputs: number;
  /** Value of each fan-out output (default 100,000 sat). */
  readonly value?: bigint;
  /** Blocks between a fan-out and the spending back of its coins (at least 1). */
  readonly spendAfter: number;
  /** How many of each fan-out's coins are spent back (at most `outputs`). */
  readonly spendBack: number;
  readonly inputsPerSpend: number;
}

type WalletOp = { readonly op: 'add' | 'remove'; readonly coin: WalletCoin };

/** The per-block counters of a BlockComposition, all zero. */
function emptyCounters() {
  return {
    opReturnOutputs: 0,
    oversizedOutputs: 0,
    burned: 0n,
    inscriptionsCommitted: 0,
    inscriptionsRevealed: 0,
    inscriptionBytes: 0,
    sameBlockSpends: 0,
    relativeHeightLocks: 0,
    relativeTimeLocks: 0,
    heightLockTimes: 0,
    timeLockTimes: 0,
    annexes: 0,
    maturityBoundarySpends: 0,
  };
}

function emptyKinds(): Record<SpendKind, number> {
  return Object.fromEntries(SPEND_KINDS.map((k) => [k, 0])) as Record<SpendKind, number>;
}

function bump(record: Record<string, number>, key: string, by = 1): void {
  record[key] = (record[key] ?? 0) + by;
}

/** Core's GetMedianTimePast over `times[max(0, h-10) .. h]`. */
function medianOf(times: readonly number[], height: number): number {
  const window = times.slice(Math.max(0, height - 10), height + 1).sort((a, b) => a - b);
  return window[Math.floor(window.length / 2)] as number;
}

const WORDS = ['satoshi', 'block', 'chain', 'proof', 'work', 'merkle', 'root', 'taproot', 'schnorr', 'witness', 'ordinal', 'regtest', 'nonce', 'utxo', 'kernel', 'verify'];

function inscriptionText(rng: Prng, length: number): Uint8Array {
  const parts: string[] = [];
  let size = 0;
  while (size < length) {
    const word = rng.pick(WORDS);
    parts.push(word);
    size += word.length + 1;
  }
  return utf8.encode(parts.join(' ').slice(0, length));
}

export class RegtestChainBuilder {
  readonly params: ChainParams;
  readonly backend: Secp256k1Backend;
  private readonly txsPerBlock: readonly [number, number];
  private readonly firstSpendHeight: number;
  private readonly fanOut: FanOutOptions | undefined;
  private seedValue: string;
  private readonly built: BuiltBlock[];
  private readonly times: number[];
  private readonly startTime: number | undefined;
  private readonly mtps: number[];
  private readonly walletCoins: Map<string, WalletCoin>;
  /** Per height, the wallet operations its block made (index 0: genesis, none). */
  private readonly walletLog: WalletOp[][];

  constructor(options: BuilderOptions) {
    this.params = options.params ?? NETWORKS.regtest;
    this.backend = options.backend ?? DEFAULT_BACKEND;
    this.txsPerBlock = options.txsPerBlock ?? [2, 7];
    this.firstSpendHeight = options.firstSpendHeight ?? COINBASE_MATURITY + 1;
    this.startTime = options.startTime;
    this.fanOut = options.fanOut;
    if (this.fanOut !== undefined) {
      const { outputs, spendAfter, spendBack, inputsPerSpend } = this.fanOut;
      const counts = [outputs, spendAfter, inputsPerSpend].every((n) => Number.isInteger(n) && n >= 1) && Number.isInteger(spendBack) && spendBack >= 0 && spendBack <= outputs;
      if (!counts) throw new Error('fanOut: outputs, spendAfter and inputsPerSpend must be positive integers and spendBack in 0..outputs');
    }
    this.seedValue = String(options.seed);
    const genesis = createGenesisBlock(this.params.genesis);
    const composition: BlockComposition = {
      transactions: 0,
      inputsByKind: emptyKinds(),
      inputsByVariant: {},
      outputsByKind: emptyKinds(),
      ...emptyCounters(),
      hashTypes: {},
      witnessCommitment: false,
      fees: 0n,
      subsidy: this.params.genesis.reward,
      coinbaseValue: this.params.genesis.reward,
    };
    this.built = [{ height: 0, block: genesis, raw: encodeBlock(genesis), hash: blockHash(genesis.header), seed: 'genesis', composition }];
    this.times = [genesis.header.time];
    this.mtps = [genesis.header.time];
    // The genesis output is not ours and, as in Core, never enters the UTXO set.
    this.walletCoins = new Map();
    this.walletLog = [[]];
  }

  /** The seed new blocks are mined with. */
  get seed(): string {
    return this.seedValue;
  }

  /** Height of the tip (0: only genesis). */
  get height(): number {
    return this.built.length - 1;
  }

  /** Every block from genesis (index = height). */
  get blocks(): readonly BuiltBlock[] {
    return this.built;
  }

  get tip(): BuiltBlock {
    return this.built[this.built.length - 1] as BuiltBlock;
  }

  /** Median time past of the block at `height` (Core's GetMedianTimePast). */
  medianTimePast(height: number): number {
    const mtp = this.mtps[height];
    if (mtp === undefined) throw new Error(`no block at height ${height}`);
    return mtp;
  }

  /** The builder's wallet: every spendable output of the chain so far, by outpoint key. */
  get wallet(): ReadonlyMap<string, WalletCoin> {
    return this.walletCoins;
  }

  /** Count and total value of the wallet, summed by the builder. */
  walletTotals(): { readonly count: number; readonly amount: bigint } {
    let amount = 0n;
    for (const coin of this.walletCoins.values()) amount += coin.output.value;
    return { count: this.walletCoins.size, amount };
  }

  /**
   * The outputs the block at `height` spends, one per non-coinbase input in block order (the
   * builder's own record, outputs of the block itself included).
   */
  spentOutputs(height: number): readonly TxOut[] {
    if (height < 1 || height > this.height) throw new Error(`no block at height ${height}`);
    return (this.walletLog[height] ?? []).filter((op) => op.op === 'remove').map((op) => op.coin.output);
  }

  /**
   * The block's undo file in the bcoin test format `bllvm validate-block --undo` reads
   * (INDEX.md §3.7): per spent output, int64le value ‖ CompactSize length ‖ script.
   */
  undoFile(height: number): Uint8Array {
    const w = new Bytes();
    for (const out of this.spentOutputs(height)) w.i64(out.value).varbytes(out.scriptPubKey);
    return w.done();
  }

  /** Mines `count` blocks. */
  mine(count: number): this {
    for (let i = 0; i < count; i++) this.mineBlock();
    return this;
  }

  /**
   * A new builder whose chain is this one's up to `height`, with the wallet as it was there, and
   * which mines on with `seed`. This builder is not changed.
   */
  forkAt(height: number, seed: string | number): RegtestChainBuilder {
    if (!Number.isInteger(height) || height < 0 || height > this.height) throw new Error(`forkAt: no block at height ${height}`);
    const fork = Object.create(RegtestChainBuilder.prototype) as RegtestChainBuilder;
    const wallet = new Map(this.walletCoins);
    for (let h = this.height; h > height; h--) {
      const ops = this.walletLog[h] ?? [];
      for (let i = ops.length - 1; i >= 0; i--) {
        const { op, coin } = ops[i] as WalletOp;
        if (op === 'add') wallet.delete(coin.key);
        else wallet.set(coin.key, coin);
      }
    }
    Object.assign(fork, {
      params: this.params,
      backend: this.backend,
      txsPerBlock: this.txsPerBlock,
      firstSpendHeight: this.firstSpendHeight,
      fanOut: this.fanOut,
      seedValue: String(seed),
      built: this.built.slice(0, height + 1),
      times: this.times.slice(0, height + 1),
      mtps: this.mtps.slice(0, height + 1),
      walletCoins: wallet,
      walletLog: this.walletLog.slice(0, height + 1),
    });
    return fork;
  }

  /**
   * A block on the tip that is not added to the chain: `transactions` after a coinbase paying
   * `coinbaseValue` to a fresh key of `seed`; time `time` (default tip time + 600).
   */
  candidateBlock(transactions: readonly Transaction[], coinbaseValue: bigint, options: { readonly time?: number; readonly witnessCommitment?: boolean } = {}): Block {
    const H = this.height + 1;
    const key = deriveKey(utf8.encode(`bllvm-regtest/${this.seedValue}/candidate/${H}`), this.backend);
    return assembleBlock({
      prev: this.tip.block.header,
      height: H,
      time: options.time ?? (this.times[H - 1] as number) + 600,
      transactions,
      coinbaseOutputs: [{ value: coinbaseValue, scriptPubKey: p2wpkhLock(key).scriptPubKey }],
      params: this.params,
      ...(options.witnessCommitment === undefined ? {} : { witnessCommitment: options.witnessCommitment }),
    });
  }

  /** Independent subsidy: 50 BTC halved every `subsidyHalvingInterval` blocks. */
  subsidy(height: number): bigint {
    const halvings = Math.floor(height / this.params.consensus.subsidyHalvingInterval);
    return halvings >= 64 ? 0n : (50n * COIN) >> BigInt(halvings);
  }

  /** Mines one block on the tip and returns it. */
  mineBlock(): BuiltBlock {
    const H = this.height + 1;
    const seed = this.seedValue;
    const rng = new Prng(`bllvm-regtest/${seed}/block/${H}`);
    let keyCounter = 0;
    const newKey = (): KeyPair => deriveKey(utf8.encode(`bllvm-regtest/${seed}/key/${H}/${keyCounter++}`), this.backend);
    const prevMtp = this.medianTimePast(H - 1);
    const time = H === 1 && this.startTime !== undefined ? this.startTime : (this.times[H - 1] as number) + rng.range(1, 1200);
    const ops: WalletOp[] = [];
    const addCoin = (coin: WalletCoin): void => {
      this.walletCoins.set(coin.key, coin);
      ops.push({ op: 'add', coin });
    };
    const removeCoin = (coin: WalletCoin): void => {
      this.walletCoins.delete(coin.key);
      ops.push({ op: 'remove', coin });
    };

    const inputsByKind = emptyKinds();
    const inputsByVariant: Record<string, number> = {};
    const outputsByKind = emptyKinds();
    const hashTypes: Record<string, number> = {};
    const stats = emptyCounters();

    const makeLock = (kind: SpendKind): Lock => {
      switch (kind) {
        case 'p2pk':
          return p2pkLock(newKey(), rng.chance(0.3));
        case 'p2pkh':
          return p2pkhLock(newKey(), rng.chance(0.2));
        case 'p2wpkh':
          return p2wpkhLock(newKey());
        case 'p2sh-multisig':
          return p2shMultisigLock([newKey(), newKey(), newKey()], rng.int(3));
        case 'p2wsh': {
          const r = rng.int(4);
          const variant = r < 2 ? 'multisig-2of3' : r === 2 ? 'csv' : 'cltv';
          const lockValue = variant === 'csv' ? rng.range(1, 6) : variant === 'cltv' ? H + rng.range(0, 6) : 0;
          return p2wshLock([newKey(), newKey(), newKey()], variant, lockValue, rng.int(3));
        }
        case 'p2tr-key':
          return p2trKeyLock(newKey(), this.backend);
        case 'p2tr-script':
          return p2trScriptLock(newKey(), [newKey(), newKey(), newKey(), newKey(), newKey()], rng.int(3) as 0 | 1 | 2, rng.int(3), this.backend);
        case 'inscription': {
          const large = rng.chance(0.04);
          const content = inscriptionText(rng, large ? rng.range(12_000, 40_000) : rng.range(1, 1600));
          return inscriptionLock(newKey(), newKey(), 'text/plain;charset=utf-8', content, this.backend);
        }
      }
    };

    // Coins the block may spend: the wallet at its start in a fixed (sorted) order, then the
    // outputs of its own transactions as they are made (in-block spends).
    const candidates: WalletCoin[] = [...this.walletCoins.values()].filter((c) => c.fanOut !== true).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const spentNow = new Set<string>();
    const spendable = (coin: WalletCoin): boolean => {
      if (spentNow.has(coin.key)) return false;
      if (coin.isCoinbase && H - coin.height < COINBASE_MATURITY) return false;
      const { relativeBlocks, lockTimeAtLeast } = coin.lock.requires;
      if (relativeBlocks !== undefined && H - coin.height < relativeBlocks) return false;
      if (lockTimeAtLeast !== undefined && H - 1 < lockTimeAtLeast) return false;
      return true;
    };

    const transactions: Transaction[] = [];
    let fees = 0n;

    const pickHashTypes = (index: number, outputs: number, kind: SpendKind): HashTypes => {
      const r = rng.int(100);
      const legacy = kind === 'p2pk' || kind === 'p2pkh' || kind === 'p2sh-multisig';
      const hasOutput = index < outputs;
      let ecdsa = 1;
      let schnorr = 0;
      if (r < 8) {
        ecdsa = 0x81;
        schnorr = 0x81;
      } else if (r < 12) {
        ecdsa = 2;
        schnorr = 2;
      } else if (r < 16 && hasOutput) {
        ecdsa = 3;
        schnorr = 3;
      } else if (r < 19 && hasOutput) {
        ecdsa = 0x83;
        schnorr = 0x83;
      } else if (r < 22 && !hasOutput && kind !== 'p2tr-key' && kind !== 'p2tr-script' && kind !== 'inscription') {
        // SINGLE without a matching output: legacy signs Core's famous hash 1, BIP143 a zero hashOutputs.
        ecdsa = legacy ? 3 : 0x83;
      } else if (r < 30) {
        schnorr = 1;
      }
      return { ecdsa, schnorr };
    };

    const buildTx = (t: number): Transaction | undefined => {
      const eligible = candidates.filter(spendable);
      if (eligible.length === 0) return undefined;
      const target = SPEND_KINDS[(H + t) % SPEND_KINDS.length] as SpendKind;
      const ofTarget = eligible.filter((c) => c.lock.kind === target);
      const chosen: WalletCoin[] = [ofTarget.length > 0 ? rng.pick(ofTarget) : rng.pick(eligible)];
      const extra = rng.chance(0.35) ? rng.range(1, 2) : 0;
      const addInput = (): boolean => {
        const rest = eligible.filter((c) => !chosen.includes(c));
        if (rest.length === 0) return false;
        chosen.push(rng.pick(rest));
        return true;
      };
      for (let i = 0; i < extra; i++) addInput();

      // Outputs: kinds, an inscription commit at postage value, sometimes OP_RETURN data.
      const nOut = rng.range(1, 3);
      const outKinds: SpendKind[] = [];
      for (let o = 0; o < nOut; o++) outKinds.push(rng.chance(0.5) ? (SPEND_KINDS[(H * 3 + t + o) % SPEND_KINDS.length] as SpendKind) : rng.pick(SPEND_KINDS));
      // At least one output takes the change (else it would silently become fee).
      if (!outKinds.some((k) => k !== 'inscription')) outKinds.push(rng.pick(SPEND_KINDS.filter((k) => k !== 'inscription')));
      const withOpReturn = rng.chance(0.15);
      const burn = withOpReturn && rng.chance(0.2) ? BigInt(rng.range(1, 5000)) : 0n;
      const oversized = rng.chance(0.01);
      const postage = 10_000n;
      const fixed = outKinds.filter((k) => k === 'inscription').length;
      const variable = outKinds.length - fixed;
      let fee = BigInt(400 + rng.int(6000));
      const needed = (): bigint => fee + burn + postage * BigInt(fixed) + 1000n * BigInt(variable) + 300n * BigInt(chosen.length);
      let inSum = chosen.reduce((s, c) => s + c.output.value, 0n);
      while (inSum < needed() && chosen.length < 8 && addInput()) inSum = chosen.reduce((s, c) => s + c.output.value, 0n);
      if (inSum < needed()) return undefined;
      fee += 300n * BigInt(chosen.length);

      let available = inSum - fee - burn - postage * BigInt(fixed);
      const locks: Lock[] = outKinds.map(makeLock);
      const outputs: TxOut[] = [];
      let variableLeft = variable;
      for (const lock of locks) {
        let value: bigint;
        if (lock.kind === 'inscription') value = postage;
        else if (variableLeft === 1) value = available;
        else {
          const reserve = 1000n * BigInt(variableLeft - 1);
          value = ((available - reserve) * BigInt(rng.range(5, 80))) / 100n;
          if (value < 1000n) value = 1000n;
        }
        if (lock.kind !== 'inscription') {
          available -= value;
          variableLeft--;
        }
        outputs.push({ value, scriptPubKey: lock.scriptPubKey });
      }
      const extraOutputs: TxOut[] = [];
      if (withOpReturn) extraOutputs.push({ value: burn, scriptPubKey: opReturnScript(rng.bytes(rng.range(0, 80))) });
      if (oversized) extraOutputs.push({ value: 0n, scriptPubKey: new Uint8Array(OVERSIZED_SCRIPT).fill(0x61) });
      const allOutputs = [...outputs, ...extraOutputs];
      const outSum = allOutputs.reduce((sum, o) => sum + o.value, 0n);
      if (inSum - outSum !== fee) throw new Error(`builder bookkeeping: fee ${fee} but inputs - outputs = ${inSum - outSum}`);

      // Version, lock time and sequences (BIP65/68/112/113).
      const needsCsv = chosen.some((c) => c.lock.requires.relativeBlocks !== undefined);
      const needsCltv = chosen.some((c) => c.lock.requires.lockTimeAtLeast !== undefined);
      const version = needsCsv || rng.chance(0.6) ? 2 : 1;
      let lockTime = 0;
      const lockChoice = rng.int(4);
      if (needsCltv || lockChoice === 1) {
        lockTime = H - 1;
        stats.heightLockTimes++;
      } else if (lockChoice === 2) {
        lockTime = prevMtp - rng.range(1, 3600);
        stats.timeLockTimes++;
      }
      const inputs: TxIn[] = chosen.map((coin) => {
        const age = H - coin.height;
        let sequence = lockTime !== 0 ? (rng.chance(0.5) ? 0xfffffffd : 0xfffffffe) : rng.chance(0.5) ? SEQUENCE_FINAL : 0xfffffffd;
        const csv = coin.lock.requires.relativeBlocks;
        if (csv !== undefined) {
          sequence = csv;
          stats.relativeHeightLocks++;
        } else if (version === 2 && age >= 1 && rng.chance(0.2)) {
          sequence = rng.range(1, Math.min(age, 50));
          stats.relativeHeightLocks++;
        } else if (version === 2 && rng.chance(0.15)) {
          const units = Math.floor((prevMtp - this.medianTimePast(Math.max(coin.height - 1, 0))) / 512);
          if (units >= 1) {
            sequence = SEQUENCE_TYPE_FLAG | rng.range(1, Math.min(units, 0xffff));
            stats.relativeTimeLocks++;
          }
        }
        return { prevout: coin.outpoint, scriptSig: new Uint8Array(0), sequence, witness: [] };
      });
      const unsigned: Transaction = { version, inputs, outputs: allOutputs, lockTime };

      // Sign every input against the unsigned transaction (signature hashes never cover scriptSigs or witnesses).
      const spentOutputs = chosen.map((c) => c.output);
      const signedInputs: TxIn[] = inputs.map((input, index) => {
        const coin = chosen[index] as WalletCoin;
        const types = pickHashTypes(index, allOutputs.length, coin.lock.kind);
        const isSchnorr = coin.lock.kind === 'p2tr-key' || coin.lock.kind === 'p2tr-script' || coin.lock.kind === 'inscription';
        bump(hashTypes, `${isSchnorr ? 'schnorr' : 'ecdsa'}:0x${(isSchnorr ? types.schnorr : types.ecdsa).toString(16).padStart(2, '0')}`);
        // Now and then a BIP341 annex on a taproot spend (consensus-valid, committed to by the signature).
        const annex = isSchnorr && rng.chance(0.06) ? concatBytes(Uint8Array.of(0x50), rng.bytes(rng.range(0, 40))) : undefined;
        if (annex !== undefined) stats.annexes++;
        const { scriptSig, witness } = coin.lock.sign({ tx: unsigned, index, amount: coin.output.value, spentOutputs, hashTypes: types, backend: this.backend, ...(annex === undefined ? {} : { annex }) });
        return { ...input, scriptSig, witness };
      });
      const tx: Transaction = { ...unsigned, inputs: signedInputs };

      // Bookkeeping: spend the inputs, own the new outputs.
      for (const coin of chosen) {
        spentNow.add(coin.key);
        if (coin.height === H) stats.sameBlockSpends++;
        if (coin.isCoinbase && H - coin.height === COINBASE_MATURITY) stats.maturityBoundarySpends++;
        bump(inputsByKind, coin.lock.kind);
        bump(inputsByVariant, `${coin.lock.kind}/${coin.lock.variant}`);
        if (coin.lock.kind === 'inscription') stats.inscriptionsRevealed++;
        removeCoin(coin);
      }
      const id = txid(tx);
      locks.forEach((lock, vout) => {
        const output = outputs[vout] as TxOut;
        const coin: WalletCoin = { key: outpointKey({ txid: id, vout }), outpoint: { txid: id, vout }, output, height: H, isCoinbase: false, lock };
        addCoin(coin);
        candidates.push(coin);
        bump(outputsByKind, lock.kind);
        if (lock.inscription !== undefined) {
          stats.inscriptionsCommitted++;
          stats.inscriptionBytes += lock.inscription.content.length;
        }
      });
      stats.opReturnOutputs += withOpReturn ? 1 : 0;
      stats.oversizedOutputs += oversized ? 1 : 0;
      stats.burned += burn;
      fees += fee;
      return tx;
    };

    if (H >= this.firstSpendHeight) {
      const count = rng.range(this.txsPerBlock[0], this.txsPerBlock[1]);
      for (let t = 0; t < count; t++) {
        const tx = buildTx(t);
        if (tx !== undefined) transactions.push(tx);
      }
    }

    // Fan-out and spend-back transactions (BuilderOptions.fanOut), after the others, with SIGHASH_ALL / SIGHASH_DEFAULT.
    const fanOut = this.fanOut;
    const signAll = (unsigned: Transaction, coins: readonly WalletCoin[]): Transaction => {
      const spentOutputs = coins.map((c) => c.output);
      const inputs = unsigned.inputs.map((input, index) => {
        const coin = coins[index] as WalletCoin;
        const { scriptSig, witness } = coin.lock.sign({ tx: unsigned, index, amount: coin.output.value, spentOutputs, hashTypes: { ecdsa: 1, schnorr: 0 }, backend: this.backend });
        bump(hashTypes, coin.lock.kind === 'p2tr-key' ? 'schnorr:0x00' : 'ecdsa:0x01');
        return { ...input, scriptSig, witness };
      });
      return { ...unsigned, inputs };
    };
    const commit = (tx: Transaction, spent: readonly WalletCoin[], locks: readonly Lock[], fee: bigint, markFanOut: (vout: number) => boolean): void => {
      for (const coin of spent) {
        spentNow.add(coin.key);
        bump(inputsByKind, coin.lock.kind);
        bump(inputsByVariant, `${coin.lock.kind}/${coin.lock.variant}`);
        removeCoin(coin);
      }
      const id = txid(tx);
      locks.forEach((lock, vout) => {
        const coin: WalletCoin = { key: outpointKey({ txid: id, vout }), outpoint: { txid: id, vout }, output: tx.outputs[vout] as TxOut, height: H, isCoinbase: false, lock, ...(markFanOut(vout) ? { fanOut: true } : {}) };
        addCoin(coin);
        if (coin.fanOut !== true) candidates.push(coin);
        bump(outputsByKind, lock.kind);
      });
      fees += fee;
      transactions.push(tx);
    };
    if (fanOut !== undefined && H >= (fanOut.from ?? this.firstSpendHeight)) {
      const value = fanOut.value ?? 100_000n;
      const fee = 1000n + 50n * BigInt(fanOut.outputs);
      // The largest plain coin without lock-time or sequence demands (the first in key order among equals).
      let funding: WalletCoin | undefined;
      for (const c of candidates) {
        const plain = c.lock.kind !== 'inscription' && c.lock.requires.relativeBlocks === undefined && c.lock.requires.lockTimeAtLeast === undefined;
        if (plain && spendable(c) && (funding === undefined || c.output.value > funding.output.value)) funding = c;
      }
      const change = funding === undefined ? 0n : funding.output.value - value * BigInt(fanOut.outputs) - fee;
      if (funding !== undefined && change >= 1000n) {
        const locks: Lock[] = Array.from({ length: fanOut.outputs }, (_, o) => (o % 2 === 0 ? p2wpkhLock(newKey()) : p2trKeyLock(newKey(), this.backend)));
        locks.push(p2wpkhLock(newKey()));
        const outputs: TxOut[] = locks.map((lock, o) => ({ value: o < fanOut.outputs ? value : change, scriptPubKey: lock.scriptPubKey }));
        const unsigned: Transaction = { version: 2, inputs: [{ prevout: funding.outpoint, scriptSig: new Uint8Array(0), sequence: 0xfffffffd, witness: [] }], outputs, lockTime: 0 };
        commit(signAll(unsigned, [funding]), [funding], locks, fee, (vout) => vout < fanOut.outputs);
      }
      // Spend back the first coins of the fan-out `spendAfter` blocks ago that are still unspent.
      const back = (this.walletLog[H - fanOut.spendAfter] ?? [])
        .filter((op) => op.op === 'add' && op.coin.fanOut === true && this.walletCoins.has(op.coin.key))
        .slice(0, fanOut.spendBack)
        .map((op) => op.coin);
      for (let i = 0; i < back.length; i += fanOut.inputsPerSpend) {
        const spent = back.slice(i, i + fanOut.inputsPerSpend);
        const spendFee = 200n * BigInt(spent.length);
        const lock = p2wpkhLock(newKey());
        const total = spent.reduce((sum, c) => sum + c.output.value, 0n);
        const unsigned: Transaction = {
          version: 2,
          inputs: spent.map((c) => ({ prevout: c.outpoint, scriptSig: new Uint8Array(0), sequence: 0xfffffffd, witness: [] })),
          outputs: [{ value: total - spendFee, scriptPubKey: lock.scriptPubKey }],
          lockTime: 0,
        };
        commit(signAll(unsigned, spent), spent, [lock], spendFee, () => false);
      }
    }

    // Coinbase: BIP34 height, subsidy + fees (now and then a little less), the witness commitment.
    const subsidy = this.subsidy(H);
    let claim = subsidy + fees;
    if (rng.chance(0.03)) {
      claim -= BigInt(rng.range(1, 100_000));
      if (claim < 0n) claim = 0n;
    }
    const coinbaseKinds: SpendKind[] = ['p2pk', 'p2pkh', 'p2wpkh', 'p2sh-multisig', 'p2wsh', 'p2tr-key', 'p2tr-script'];
    const payouts = rng.chance(0.3) ? 2 : 1;
    const coinbaseLocks: Lock[] = [];
    for (let i = 0; i < payouts; i++) coinbaseLocks.push(makeLock(coinbaseKinds[(H + i) % coinbaseKinds.length] as SpendKind));
    const coinbaseOutputs: TxOut[] = coinbaseLocks.map((lock, i) => {
      const value = payouts === 1 ? claim : i === 0 ? claim / 2n : claim - claim / 2n;
      return { value, scriptPubKey: lock.scriptPubKey };
    });
    let coinbaseOpReturns = 0;
    if (rng.chance(0.2)) {
      coinbaseOutputs.push({ value: 0n, scriptPubKey: opReturnScript(concatBytes(utf8.encode('bllvm'), rng.bytes(8))) });
      coinbaseOpReturns++;
    }
    const witnessCommitment = transactions.some((tx) => tx.inputs.some((i) => i.witness.length > 0));
    const tag = concatBytes(utf8.encode('/bllvm-regtest/'), sha256(utf8.encode(seed)).subarray(0, 4));
    const block = assembleBlock({ prev: this.tip.block.header, height: H, time, transactions, coinbaseOutputs, tag, params: this.params });
    const coinbase = block.transactions[0] as Transaction;

    const coinbaseId = txid(coinbase);
    coinbaseLocks.forEach((lock, vout) => {
      addCoin({ key: outpointKey({ txid: coinbaseId, vout }), outpoint: { txid: coinbaseId, vout }, output: coinbaseOutputs[vout] as TxOut, height: H, isCoinbase: true, lock });
      bump(outputsByKind, lock.kind);
    });

    const coinbaseValue = coinbase.outputs.reduce((s, o) => s + o.value, 0n);
    const built: BuiltBlock = {
      height: H,
      block,
      raw: encodeBlock(block),
      hash: blockHash(block.header),
      seed,
      composition: {
        transactions: transactions.length,
        inputsByKind,
        inputsByVariant,
        outputsByKind,
        ...stats,
        opReturnOutputs: stats.opReturnOutputs + coinbaseOpReturns,
        hashTypes,
        witnessCommitment,
        fees,
        subsidy,
        coinbaseValue,
      },
    };
    this.built.push(built);
    this.times.push(time);
    this.mtps.push(medianOf(this.times, H));
    this.walletLog.push(ops);
    return built;
  }
}

/** What assembleBlock needs. */
export interface AssembleOptions {
  /** The parent's header. */
  readonly prev: BlockHeader;
  readonly height: number;
  readonly time: number;
  /** The non-coinbase transactions, in block order. */
  readonly transactions: readonly Transaction[];
  /** The coinbase outputs before the witness commitment. */
  readonly coinbaseOutputs: readonly TxOut[];
  /** Bytes after the BIP34 height in the coinbase scriptSig. */
  readonly tag?: Uint8Array;
  /** Whether to commit to the witnesses (default: when any transaction has one). */
  readonly witnessCommitment?: boolean;
  readonly params?: ChainParams;
}

/**
 * A block on `prev`: a coinbase with the BIP34 height, the given outputs and, when wanted, the
 * BIP141 witness commitment (reserved value 32 zero bytes); Merkle root; nonce ground until the
 * hash is below the target of the network's genesis bits.
 */
export function assembleBlock(options: AssembleOptions): Block {
  const params = options.params ?? NETWORKS.regtest;
  const { transactions, coinbaseOutputs, height } = options;
  const witnessCommitment = options.witnessCommitment ?? transactions.some((tx) => tx.inputs.some((i) => i.witness.length > 0));
  const reserved = new Uint8Array(32);
  const coinbaseWithout: Transaction = {
    version: 2,
    inputs: [
      {
        prevout: { txid: new Uint8Array(32), vout: 0xffffffff },
        scriptSig: concatBytes(pushNumber(height), pushData(options.tag ?? utf8.encode('/bllvm-regtest/'))),
        sequence: SEQUENCE_FINAL,
        witness: witnessCommitment ? [reserved] : [],
      },
    ],
    outputs: coinbaseOutputs,
    lockTime: 0,
  };
  let coinbase = coinbaseWithout;
  if (witnessCommitment) {
    const commitment = witnessCommitmentScript([coinbaseWithout, ...transactions], reserved);
    coinbase = { ...coinbaseWithout, outputs: [...coinbaseOutputs, { value: 0n, scriptPubKey: commitment }] };
  }
  const allTransactions = [coinbase, ...transactions];
  const unrooted: BlockHeader = {
    version: VERSIONBITS_TOP,
    prevBlockHash: blockHash(options.prev),
    merkleRoot: new Uint8Array(32),
    time: options.time,
    bits: params.genesis.bits,
    nonce: 0,
  };
  let header: BlockHeader = { ...unrooted, merkleRoot: merkleRoot(allTransactions.map(txid)) };
  while (!meetsTarget(header)) header = { ...header, nonce: header.nonce + 1 };
  return { header, transactions: allTransactions };
}

/**
 * Signs `unsigned` (empty scriptSigs and witnesses) spending `coins` in input order, every
 * input with `hashTypes` (default SIGHASH_ALL / SIGHASH_DEFAULT). For tests that craft their own
 * transactions, valid or not, from the builder's wallet.
 */
export function signTransaction(
  unsigned: Transaction,
  coins: readonly WalletCoin[],
  backend: Secp256k1Backend = DEFAULT_BACKEND,
  hashTypes: HashTypes = { ecdsa: 1, schnorr: 0 },
): Transaction {
  const spentOutputs = coins.map((c) => c.output);
  return {
    ...unsigned,
    inputs: unsigned.inputs.map((input, index) => {
      const coin = coins[index];
      if (coin === undefined) throw new Error(`signTransaction: no coin for input ${index}`);
      const { scriptSig, witness } = coin.lock.sign({ tx: unsigned, index, amount: coin.output.value, spentOutputs, hashTypes, backend });
      return { ...input, scriptSig, witness };
    }),
  };
}

/** Builds a chain of `blocks` blocks on the regtest genesis. */
export function buildRegtestChain(options: BuilderOptions & { readonly blocks: number }): RegtestChainBuilder {
  return new RegtestChainBuilder(options).mine(options.blocks);
}

/** Sums the compositions of blocks 1..tip. */
export function totalComposition(blocks: readonly BuiltBlock[]): {
  readonly transactions: number;
  readonly inputsByKind: Record<SpendKind, number>;
  readonly inputsByVariant: Record<string, number>;
  readonly outputsByKind: Record<SpendKind, number>;
  readonly counters: Record<string, number>;
  readonly hashTypes: Record<string, number>;
  readonly fees: bigint;
  readonly burned: bigint;
} {
  const inputsByKind = emptyKinds();
  const outputsByKind = emptyKinds();
  const inputsByVariant: Record<string, number> = {};
  const hashTypes: Record<string, number> = {};
  const counters: Record<string, number> = {};
  let transactions = 0;
  let fees = 0n;
  let burned = 0n;
  for (const b of blocks) {
    if (b.height === 0) continue;
    const c = b.composition;
    transactions += c.transactions;
    fees += c.fees;
    burned += c.burned;
    for (const k of SPEND_KINDS) {
      inputsByKind[k] += c.inputsByKind[k];
      outputsByKind[k] += c.outputsByKind[k];
    }
    for (const [k, v] of Object.entries(c.inputsByVariant)) bump(inputsByVariant, k, v);
    for (const [k, v] of Object.entries(c.hashTypes)) bump(hashTypes, k, v);
    for (const key of [
      'opReturnOutputs',
      'oversizedOutputs',
      'inscriptionsCommitted',
      'inscriptionsRevealed',
      'inscriptionBytes',
      'sameBlockSpends',
      'relativeHeightLocks',
      'relativeTimeLocks',
      'heightLockTimes',
      'timeLockTimes',
      'annexes',
      'maturityBoundarySpends',
    ] as const) {
      bump(counters, key, c[key]);
    }
    bump(counters, 'witnessCommitments', c.witnessCommitment ? 1 : 0);
    bump(counters, 'underclaimedCoinbases', c.coinbaseValue < c.subsidy + c.fees ? 1 : 0);
  }
  return { transactions, inputsByKind, inputsByVariant, outputsByKind, counters, hashTypes, fees, burned };
}

/**
 * A block with its commitments redone after a test changed its transactions: the BIP141
 * witness commitment (when the coinbase has one), the Merkle root, and a freshly ground nonce
 * (against the header's own bits).
 */
export function remine(block: Block): Block {
  const [coinbase, ...rest] = block.transactions;
  if (coinbase === undefined) throw new Error('remine: no coinbase');
  let index = -1;
  coinbase.outputs.forEach((o, i) => {
    const s = o.scriptPubKey;
    if (s.length >= 38 && s[0] === 0x6a && s[1] === 0x24 && s[2] === 0xaa && s[3] === 0x21 && s[4] === 0xa9 && s[5] === 0xed) index = i;
  });
  let cb = coinbase;
  const reserved = coinbase.inputs[0]?.witness[0];
  if (index >= 0 && reserved !== undefined) {
    const commitment = witnessCommitmentScript(block.transactions, reserved);
    cb = { ...coinbase, outputs: coinbase.outputs.map((o, i) => (i === index ? { value: o.value, scriptPubKey: commitment } : o)) };
  }
  const transactions = [cb, ...rest];
  let header: BlockHeader = { ...block.header, merkleRoot: merkleRoot(transactions.map(txid)), nonce: 0 };
  while (!meetsTarget(header)) header = { ...header, nonce: header.nonce + 1 };
  return { header, transactions };
}

/**
 * The blocks framed as Core's blk*.dat records (network magic, u32le length, block), genesis
 * first: what `bllvm connect-chain --network regtest FILE.dat` reads.
 */
export function toBlkFile(blocks: readonly BuiltBlock[], params: ChainParams = NETWORKS.regtest): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const b of blocks) {
    const frame = new Uint8Array(8);
    frame.set(params.messageStart, 0);
    new DataView(frame.buffer).setUint32(4, b.raw.length, true);
    parts.push(frame, b.raw);
  }
  return concatBytes(...parts);
}
