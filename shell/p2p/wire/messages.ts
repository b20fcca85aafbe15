/**
 * The P2P messages this node speaks, one codec each (used to encode and to decode), after
 * Core's protocol.h / net_processing.cpp ProcessMessage: version (protocol 70016 fields),
 * verack, wtxidrelay (BIP339), sendaddrv2 (BIP155), sendheaders (BIP130), ping/pong (BIP31),
 * getheaders, getblocks (bcoin still syncs with it), headers, inv, getdata, notfound, block (the kernel's block codec, BIP144),
 * feefilter (BIP133), and bllvmnodeid, ours (see identity.ts). Any other message type decodes
 * as `unknown` with its raw payload: Core ignores message types it does not know.
 */
import { readBlock, readBlockHeader, encodeBlock, encodeBlockHeader } from '../../../kernel/primitives/block.js';
import type { Block, BlockHeader } from '../../../kernel/primitives/types.js';
import { type Result, ok } from '../../../kernel/result.js';
import {
  type Codec,
  type WireDecodeError,
  array,
  bool,
  decodePayload,
  empty,
  encodePayload,
  fixedBytes,
  fromKernel,
  i32le,
  i64le,
  limitedString,
  mapCodec,
  optionalTail,
  struct,
  u16be,
  u16le,
  u32le,
  u64le,
  u8,
  varBytes,
} from './codec.js';
import { MAX_BLOCK_SERIALIZED_SIZE, MAX_CHUNK_PLAN_ENTRIES, MAX_HEADERS_RESULTS, MAX_INV_SZ, MAX_LOCATOR_SZ, MAX_SUBVERSION_LENGTH } from './protocol.js';
import { MAX_CHUNK_BYTES } from '../../../kernel/commitments/chunk.js';
import { COMMITMENT_SIZE } from '../../../kernel/commitments/commitment.js';

/** A CAddress as the version message carries it: services, then CNetAddr::V1 (16-byte IPv6 or IPv4-mapped) and a big-endian port; no time. */
export interface NetAddress {
  readonly services: bigint;
  readonly ip: Uint8Array;
  readonly port: number;
}

/** The version message (net_processing.cpp, the fields Core reads in order). */
export interface VersionMessage {
  readonly version: number;
  readonly services: bigint;
  readonly time: bigint;
  readonly addrRecv: NetAddress;
  readonly addrFrom: NetAddress;
  readonly nonce: bigint;
  readonly userAgent: string;
  readonly startHeight: number;
  readonly relay: boolean;
}

/** Core's CInv: an inventory type (protocol.h GetDataMsg) and a hash in internal byte order. */
export interface InvVector {
  readonly type: number;
  readonly hash: Uint8Array;
}

/** getheaders and getblocks: CBlockLocator (a version Core ignores, then up to MAX_LOCATOR_SZ hashes) and the stop hash. */
export interface GetHeadersMessage {
  readonly version: number;
  readonly locator: readonly Uint8Array[];
  readonly stopHash: Uint8Array;
}

/** bllvmnodeid: the sender's ed25519 public key and its signature over both version nonces (identity.ts). */
export interface NodeIdMessage {
  readonly publicKey: Uint8Array;
  readonly signature: Uint8Array;
}

/** Payload types by message type. */
/** A fast-sync request for the commitment or the chunk plan at a height (docs/PROTOCOL.md). */
export interface HeightRequest {
  readonly requestId: bigint;
  readonly height: number;
}

/** One entry of a chunk plan: a key prefix and what its chunk holds. */
export interface ChunkPlanEntry {
  readonly bits: number;
  readonly prefix: Uint8Array;
  readonly count: number;
  readonly bytes: number;
}

export interface MessagePayloads {
  readonly version: VersionMessage;
  readonly verack: Record<string, never>;
  readonly wtxidrelay: Record<string, never>;
  readonly sendaddrv2: Record<string, never>;
  readonly sendheaders: Record<string, never>;
  readonly ping: { readonly nonce: bigint };
  readonly pong: { readonly nonce: bigint };
  readonly getheaders: GetHeadersMessage;
  readonly getblocks: GetHeadersMessage;
  readonly headers: { readonly headers: readonly BlockHeader[] };
  readonly inv: { readonly inventory: readonly InvVector[] };
  readonly getdata: { readonly inventory: readonly InvVector[] };
  readonly notfound: { readonly inventory: readonly InvVector[] };
  readonly block: { readonly block: Block };
  readonly feefilter: { readonly feeRate: bigint };
  readonly bllvmnodeid: NodeIdMessage;
  readonly getutxocmt: HeightRequest;
  readonly utxocmt: { readonly requestId: bigint; readonly status: number; readonly commitment: Uint8Array };
  readonly getutxoplan: HeightRequest;
  readonly utxoplan: { readonly requestId: bigint; readonly status: number; readonly entries: readonly ChunkPlanEntry[] };
  readonly getutxochnk: HeightRequest & { readonly bits: number; readonly prefix: Uint8Array };
  readonly utxochnk: { readonly requestId: bigint; readonly status: number; readonly chunk: Uint8Array };
  readonly getfiltblk: { readonly requestId: bigint; readonly hash: Uint8Array; readonly preset: number };
  readonly filtblk: { readonly requestId: bigint; readonly status: number; readonly block: Uint8Array };
}

export type Command = keyof MessagePayloads;

export type KnownMessage = { readonly [K in Command]: { readonly command: K; readonly payload: MessagePayloads[K] } }[Command];

/** A message type without a codec here (tx, addr, sendcmpct, ...), kept raw. */
export interface UnknownMessage {
  readonly command: 'unknown';
  readonly type: string;
  readonly payload: Uint8Array;
}

export type WireMessage = KnownMessage | UnknownMessage;

const hash256 = fixedBytes(32);

const netAddress: Codec<NetAddress> = struct({ services: u64le, ip: fixedBytes(16), port: u16be });

/** An unroutable, serviceless address (what Core sends as addrFrom). */
export const EMPTY_NET_ADDRESS: NetAddress = { services: 0n, ip: new Uint8Array(16), port: 0 };

const versionCodec: Codec<VersionMessage> = mapCodec(
  struct({
    version: i32le,
    services: u64le,
    time: i64le,
    addrRecv: netAddress,
    // Core reads each of these only `if (!vRecv.empty())`, with these defaults.
    from: optionalTail(struct({ addrFrom: netAddress, nonce: u64le }), { addrFrom: EMPTY_NET_ADDRESS, nonce: 1n }),
    userAgent: optionalTail(limitedString(MAX_SUBVERSION_LENGTH), ''),
    startHeight: optionalTail(i32le, -1),
    relay: optionalTail(bool, true),
  }),
  ({ from, ...rest }) => ({ ...rest, addrFrom: from.addrFrom, nonce: from.nonce }),
  ({ addrFrom, nonce, ...rest }) => ({ ...rest, from: { addrFrom, nonce } }),
);

const inventory = (name: string): Codec<{ readonly inventory: readonly InvVector[] }> =>
  struct({
    inventory: array(struct({ type: u32le, hash: hash256 }), {
      maxCount: MAX_INV_SZ,
      minItemSize: 36,
      tooMany: (n) => `${name} message size = ${n}`, // Core's Misbehaving reason for inv and getdata
    }),
  });

/** getheaders/getblocks: Core disconnects on a locator over MAX_LOCATOR_SZ ("<type> locator size N > 101"). */
const locatorMessage = (name: string): Codec<GetHeadersMessage> =>
  struct({
    version: i32le,
    locator: array(hash256, {
      maxCount: MAX_LOCATOR_SZ,
      minItemSize: 32,
      tooMany: (n) => `${name} locator size ${n} > ${MAX_LOCATOR_SZ}`,
    }),
    stopHash: hash256,
  });

/** A header in a headers message: 80 bytes then a transaction count, which Core reads and ignores ("assume it is 0"). */
const headerWithCount: Codec<BlockHeader> = {
  read: (r) => {
    const header = readBlockHeader(r);
    r.compactSize();
    return header;
  },
  write: (w, h) => void w.bytes(encodeBlockHeader(h)).u8(0),
};

/** One codec per message type. */
export const MESSAGE_CODECS: { readonly [K in Command]: Codec<MessagePayloads[K]> } = {
  version: versionCodec,
  verack: empty,
  wtxidrelay: empty,
  sendaddrv2: empty,
  sendheaders: empty,
  ping: struct({ nonce: u64le }),
  pong: struct({ nonce: u64le }),
  getheaders: locatorMessage('getheaders'),
  getblocks: locatorMessage('getblocks'),
  headers: struct({
    headers: array(headerWithCount, {
      maxCount: MAX_HEADERS_RESULTS,
      minItemSize: 81,
      tooMany: (n) => `headers message size = ${n}`,
    }),
  }),
  inv: inventory('inv'),
  getdata: inventory('getdata'),
  notfound: inventory('notfound'),
  block: struct({ block: fromKernel(readBlock, (w, b) => void w.bytes(encodeBlock(b))) }),
  feefilter: struct({ feeRate: i64le }),
  bllvmnodeid: struct({ publicKey: fixedBytes(32), signature: fixedBytes(64) }),
  // Fast sync (docs/PROTOCOL.md): every request carries a request id, echoed by its answer.
  getutxocmt: struct({ requestId: u64le, height: u32le }),
  utxocmt: struct({ requestId: u64le, status: u8, commitment: varBytes(COMMITMENT_SIZE, 'utxocmt: commitment longer than 117 bytes') }),
  getutxoplan: struct({ requestId: u64le, height: u32le }),
  utxoplan: struct({
    requestId: u64le,
    status: u8,
    entries: array(struct({ bits: u16le, prefix: fixedBytes(32), count: u32le, bytes: u32le }), {
      maxCount: MAX_CHUNK_PLAN_ENTRIES,
      minItemSize: 42,
      tooMany: (n) => `utxoplan size = ${n}`,
    }),
  }),
  getutxochnk: struct({ requestId: u64le, height: u32le, bits: u16le, prefix: fixedBytes(32) }),
  utxochnk: struct({ requestId: u64le, status: u8, chunk: varBytes(MAX_CHUNK_BYTES, 'utxochnk: chunk over MAX_CHUNK_BYTES') }),
  getfiltblk: struct({ requestId: u64le, hash: hash256, preset: u8 }),
  filtblk: struct({ requestId: u64le, status: u8, block: varBytes(MAX_BLOCK_SERIALIZED_SIZE, 'filtblk: block over MAX_BLOCK_SERIALIZED_SIZE') }),
};

/** Whether `type` is a message type with a codec here. */
export function isCommand(type: string): type is Command {
  return Object.hasOwn(MESSAGE_CODECS, type);
}

/** Decodes a payload of message type `type`; a type without a codec gives an UnknownMessage. */
export function decodeMessage(type: string, payload: Uint8Array): Result<WireMessage, WireDecodeError> {
  if (!isCommand(type)) return ok({ command: 'unknown', type, payload });
  return decodeKnown(type, payload);
}

function decodeKnown<K extends Command>(type: K, payload: Uint8Array): Result<WireMessage, WireDecodeError> {
  const codec = MESSAGE_CODECS[type] as Codec<MessagePayloads[K]>;
  const decoded = decodePayload(codec, payload);
  if (!decoded.ok) return decoded;
  return ok({ command: type, payload: decoded.value } as KnownMessage);
}

/** The message type and payload bytes of a message. */
export function encodeMessage(msg: WireMessage): { readonly type: string; readonly payload: Uint8Array } {
  if (msg.command === 'unknown') return { type: msg.type, payload: msg.payload };
  return { type: msg.command, payload: encodeKnown(msg) };
}

function encodeKnown<K extends Command>(msg: { readonly command: K; readonly payload: MessagePayloads[K] }): Uint8Array {
  const codec = MESSAGE_CODECS[msg.command] as Codec<MessagePayloads[K]>;
  return encodePayload(codec, msg.payload);
}
