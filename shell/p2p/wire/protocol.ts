/**
 * P2P protocol constants, named and valued as in Bitcoin Core: protocol.h (service flags,
 * inventory types, message type names), version.h (protocol versions), net.h and
 * net_processing.cpp (message limits and timeouts), consensus/consensus.h (block size).
 */

/** version.h PROTOCOL_VERSION: the version this node speaks (BIP339 wtxidrelay is 70016). */
export const PROTOCOL_VERSION = 70016;
/** version.h MIN_PEER_PROTO_VERSION: Core disconnects peers below it. */
export const MIN_PEER_PROTO_VERSION = 31800;
/** version.h WTXID_RELAY_VERSION (BIP339). */
export const WTXID_RELAY_VERSION = 70016;
/** version.h SENDHEADERS_VERSION (BIP130). */
export const SENDHEADERS_VERSION = 70012;
/** version.h BIP0031_VERSION: peers from here on answer ping with pong. */
export const BIP0031_VERSION = 60000;

/** protocol.h ServiceFlags. */
export const NODE_NETWORK = 1n;
export const NODE_BLOOM = 1n << 2n;
export const NODE_WITNESS = 1n << 3n;
export const NODE_COMPACT_FILTERS = 1n << 6n;
export const NODE_NETWORK_LIMITED = 1n << 10n;
export const NODE_P2P_V2 = 1n << 11n;
/**
 * Ours: "this node proves its ed25519 node id after verack" (the bllvmnodeid message). protocol.h
 * reserves bits 24 to 31 for temporary experiments, so a Core or bcoin peer ignores it.
 */
export const NODE_BLLVM_NODEID = 1n << 24n;
/** Ours: "this node serves UTXO commitments, chunks and filtered blocks" (docs/PROTOCOL.md). Also in Core's experimental range. */
export const NODE_BLLVM_UTXO = 1n << 25n;

/** protocol.h GetDataMsg: inventory types. */
export const MSG_ERROR = 0;
export const MSG_TX = 1;
export const MSG_BLOCK = 2;
export const MSG_FILTERED_BLOCK = 3;
export const MSG_CMPCT_BLOCK = 4;
export const MSG_WTX = 5;
export const MSG_WITNESS_FLAG = 1 << 30;
export const MSG_WITNESS_TX = (MSG_TX | MSG_WITNESS_FLAG) >>> 0;
export const MSG_WITNESS_BLOCK = (MSG_BLOCK | MSG_WITNESS_FLAG) >>> 0;
export const MSG_FILTERED_WITNESS_BLOCK = (MSG_FILTERED_BLOCK | MSG_WITNESS_FLAG) >>> 0;

/** protocol.h CMessageHeader sizes. */
export const MESSAGE_START_SIZE = 4;
export const MESSAGE_TYPE_SIZE = 12;
export const CHECKSUM_SIZE = 4;
export const HEADER_SIZE = MESSAGE_START_SIZE + MESSAGE_TYPE_SIZE + 4 + CHECKSUM_SIZE;

/** net.h MAX_PROTOCOL_MESSAGE_LENGTH: Core refuses any message header announcing more. */
export const MAX_PROTOCOL_MESSAGE_LENGTH = 4 * 1000 * 1000;
/** consensus/consensus.h MAX_BLOCK_SERIALIZED_SIZE. */
export const MAX_BLOCK_SERIALIZED_SIZE = 4_000_000;
/** net_processing.cpp MAX_HEADERS_RESULTS: headers per `headers` message. */
export const MAX_HEADERS_RESULTS = 2000;
/** net.h MAX_INV_SZ: entries per inv/getdata. */
export const MAX_INV_SZ = 50_000;
/** net_processing.cpp MAX_LOCATOR_SZ: hashes in a getheaders/getblocks locator. */
export const MAX_LOCATOR_SZ = 101;
/** net.h MAX_SUBVERSION_LENGTH: the version message's user agent. */
export const MAX_SUBVERSION_LENGTH = 256;

/** net_processing.cpp PING_INTERVAL: 2 minutes between pings. */
export const PING_INTERVAL_MS = 2 * 60 * 1000;
/** net.h TIMEOUT_INTERVAL: a ping unanswered for 20 minutes disconnects. */
export const TIMEOUT_INTERVAL_MS = 20 * 60 * 1000;
/** net.h DEFAULT_PEER_CONNECT_TIMEOUT: 60 s to complete the version handshake. */
export const DEFAULT_PEER_CONNECT_TIMEOUT_MS = 60 * 1000;

/** Fast-sync limits (docs/PROTOCOL.md): chunk plans list at most this many chunks. */
export const MAX_CHUNK_PLAN_ENTRIES = 65_536;
/** A fast-sync answer's status: served, or the height (or block) is not available here. */
export const FASTSYNC_OK = 0;
export const FASTSYNC_NOT_AVAILABLE = 1;
