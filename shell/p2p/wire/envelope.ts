/**
 * Bitcoin's v1 message envelope (Core's protocol.h CMessageHeader, net.cpp V1Transport):
 *
 *   4-byte network magic ‖ 12-byte message type, NUL-padded ‖ u32le payload length ‖
 *   4-byte checksum = first 4 bytes of SHA256d(payload) ‖ payload
 *
 * EnvelopeParser reads the stream over any chunk boundaries, as V1Transport::readHeader and
 * readData do. The announced length is checked against a per-message-type cap as soon as the
 * 24-byte header is in, before any payload byte is buffered, and the payload is buffered only as
 * it arrives, so a peer that lies about a length costs at most what it really sent. Outcomes use
 * Core's log wording: a wrong magic or an oversized length ends the stream (Core disconnects);
 * a wrong checksum or an invalid message type drops that message only (Core: "Drop the message
 * but don't disconnect the peer", CNode::ReceiveMsgBytes). Unknown message types are delivered
 * (the peer layer ignores them, as Core does).
 */
import { createHash } from 'node:crypto';
import { toHex } from '../../../kernel/encoding/hex.js';
import { MAX_SIZE } from '../../../kernel/encoding/compact-size.js';
import {
  CHECKSUM_SIZE,
  HEADER_SIZE,
  MAX_BLOCK_SERIALIZED_SIZE,
  MAX_HEADERS_RESULTS,
  MAX_INV_SZ,
  MAX_LOCATOR_SZ,
  MAX_CHUNK_PLAN_ENTRIES,
  MAX_PROTOCOL_MESSAGE_LENGTH,
  MESSAGE_START_SIZE,
  MESSAGE_TYPE_SIZE,
} from './protocol.js';
import { MAX_CHUNK_BYTES } from '../../../kernel/commitments/chunk.js';

/** Payload limit of the small control messages (verack, ping, feefilter, sendheaders, ...). */
export const SMALL_MESSAGE_CAP = 1024;

/**
 * Largest payload accepted per message type, checked before the payload is read. Core has one
 * limit for all (MAX_PROTOCOL_MESSAGE_LENGTH, 4,000,000); these are tighter where the message's
 * own limits bound it, and never above Core's, so nothing Core accepts from an honest peer of
 * these sizes is refused. Types not listed get Core's limit.
 */
export const PAYLOAD_CAPS: Readonly<Record<string, number>> = {
  version: 1024, // 4+8+8+26+26+8+(3+256)+4+1 = 344 bytes with a 256-byte user agent (MAX_SUBVERSION_LENGTH)
  verack: SMALL_MESSAGE_CAP,
  wtxidrelay: SMALL_MESSAGE_CAP,
  sendaddrv2: SMALL_MESSAGE_CAP,
  sendheaders: SMALL_MESSAGE_CAP,
  ping: SMALL_MESSAGE_CAP,
  pong: SMALL_MESSAGE_CAP,
  feefilter: SMALL_MESSAGE_CAP,
  sendcmpct: SMALL_MESSAGE_CAP,
  getaddr: SMALL_MESSAGE_CAP,
  mempool: SMALL_MESSAGE_CAP,
  bllvmnodeid: SMALL_MESSAGE_CAP,
  getheaders: 4 + 9 + MAX_LOCATOR_SZ * 32 + 32,
  getblocks: 4 + 9 + MAX_LOCATOR_SZ * 32 + 32,
  headers: MAX_HEADERS_RESULTS * 81 + 3, // each header is followed by a zero tx count
  inv: MAX_INV_SZ * 36 + 5,
  getdata: MAX_INV_SZ * 36 + 5,
  notfound: MAX_INV_SZ * 36 + 5,
  block: MAX_BLOCK_SERIALIZED_SIZE,
  // Fast sync (docs/PROTOCOL.md).
  getutxocmt: SMALL_MESSAGE_CAP,
  utxocmt: 8 + 1 + 1 + 117,
  getutxoplan: SMALL_MESSAGE_CAP,
  utxoplan: 8 + 1 + 5 + MAX_CHUNK_PLAN_ENTRIES * 42,
  getutxochnk: 8 + 4 + 2 + 32,
  utxochnk: 8 + 1 + 5 + MAX_CHUNK_BYTES,
  getfiltblk: 8 + 32 + 1,
  filtblk: 8 + 1 + 5 + MAX_BLOCK_SERIALIZED_SIZE,
};

/** The cap for a message type: its entry in PAYLOAD_CAPS, else Core's MAX_PROTOCOL_MESSAGE_LENGTH. */
export function payloadCap(command: string): number {
  return Object.hasOwn(PAYLOAD_CAPS, command) ? (PAYLOAD_CAPS[command] ?? 0) : MAX_PROTOCOL_MESSAGE_LENGTH;
}

/** Core's Hash(payload) truncated to CHECKSUM_SIZE (the envelope checksum). node:crypto: ~10x @noble's SHA-256 on MB blocks. */
export function messageChecksum(payload: Uint8Array): Uint8Array {
  const once = createHash('sha256').update(payload).digest();
  return new Uint8Array(createHash('sha256').update(once).digest().subarray(0, CHECKSUM_SIZE));
}

/** A complete message: header fields and the payload. `command` is the type up to its first NUL. */
export interface EnvelopeMessage {
  readonly kind: 'message';
  readonly command: string;
  readonly payload: Uint8Array;
}

/** A message Core would read and then drop, keeping the connection (net.cpp GetReceivedMessage). */
export interface EnvelopeDropped {
  readonly kind: 'dropped';
  readonly reason: 'Header error: Wrong checksum' | 'Header error: Invalid message type';
  /** Core's whole log line, e.g. `Header error: Wrong checksum (ping, 8 bytes), expected 1a2b3c4d was 00000000`. */
  readonly detail: string;
  readonly command: string;
  readonly size: number;
}

/** A header Core refuses by ending the connection (net.cpp V1Transport::readHeader returns -1). */
export interface EnvelopeFatal {
  readonly kind: 'fatal';
  readonly reason: 'Header error: Wrong MessageStart' | 'Header error: Size too large';
  readonly detail: string;
}

export type EnvelopeEvent = EnvelopeMessage | EnvelopeDropped | EnvelopeFatal;

/** Core's SanitizeString(SAFE_CHARS_DEFAULT): keeps letters, digits and ` .,;-_/:?@()`. */
export function sanitizeString(s: string): string {
  return s.replace(/[^A-Za-z0-9 .,;\-_/:?@()]/g, '');
}

/**
 * The message type in the header's 12 bytes, up to the first NUL, and whether it is valid as
 * Core's CMessageHeader::IsMessageTypeValid says: printable ASCII (0x20-0x7E) up to the first NUL,
 * only NULs after it.
 */
export function readMessageType(field: Uint8Array): { readonly command: string; readonly valid: boolean } {
  let end = field.indexOf(0);
  if (end < 0) end = field.length;
  let valid = true;
  for (let i = 0; i < field.length; i++) {
    const c = field[i] ?? 0;
    if (i < end ? c < 0x20 || c > 0x7e : c !== 0) valid = false;
  }
  return { command: String.fromCharCode(...field.subarray(0, end)), valid };
}

/** The 12-byte NUL-padded message type field; a type must be 1 to 12 printable ASCII characters. */
export function encodeMessageType(command: string): Uint8Array {
  if (command.length === 0 || command.length > MESSAGE_TYPE_SIZE || !/^[\x20-\x7e]+$/.test(command)) {
    throw new RangeError(`invalid message type ${JSON.stringify(command)}`);
  }
  const field = new Uint8Array(MESSAGE_TYPE_SIZE);
  for (let i = 0; i < command.length; i++) field[i] = command.charCodeAt(i);
  return field;
}

/** One framed message: the 24-byte header followed by the payload (Core's V1Transport::SetMessageToSend). */
export function encodeEnvelope(magic: Uint8Array, command: string, payload: Uint8Array): Uint8Array {
  if (magic.length !== MESSAGE_START_SIZE) throw new RangeError('network magic must be 4 bytes');
  if (payload.length > MAX_PROTOCOL_MESSAGE_LENGTH) throw new RangeError(`payload of ${payload.length} bytes over MAX_PROTOCOL_MESSAGE_LENGTH`);
  const out = new Uint8Array(HEADER_SIZE + payload.length);
  out.set(magic, 0);
  out.set(encodeMessageType(command), MESSAGE_START_SIZE);
  new DataView(out.buffer).setUint32(MESSAGE_START_SIZE + MESSAGE_TYPE_SIZE, payload.length, true);
  out.set(messageChecksum(payload), MESSAGE_START_SIZE + MESSAGE_TYPE_SIZE + 4);
  out.set(payload, HEADER_SIZE);
  return out;
}

/** Where the parser is inside the current message. */
interface InData {
  readonly command: string;
  readonly valid: boolean;
  readonly size: number;
  readonly checksum: Uint8Array;
  readonly chunks: Uint8Array[];
  received: number;
  readonly hash: ReturnType<typeof createHash>;
}

/**
 * The streaming reader of the envelope. `push` takes the next bytes of the stream, in chunks of
 * any size, and returns what they completed. After a fatal event it reads nothing more.
 * Memory held: at most 24 header bytes plus the bytes of the current payload received so far
 * (never more than its cap). Payload pieces are kept as views of the pushed chunks until the
 * payload is complete, then copied once: a caller must not reuse a chunk's memory after `push`.
 */
export class EnvelopeParser {
  private readonly header = new Uint8Array(HEADER_SIZE);
  private headerPos = 0;
  private data: InData | undefined;
  private failed = false;

  constructor(
    private readonly magic: Uint8Array,
    private readonly capOf: (command: string) => number = payloadCap,
  ) {}

  /** True once a fatal header was seen: the stream is unusable. */
  get stopped(): boolean {
    return this.failed;
  }

  /** Bytes held for the message in progress (header and payload). */
  get bufferedBytes(): number {
    return this.data === undefined ? this.headerPos : HEADER_SIZE + this.data.received;
  }

  push(chunk: Uint8Array): EnvelopeEvent[] {
    const events: EnvelopeEvent[] = [];
    let at = 0;
    while (at < chunk.length && !this.failed) {
      if (this.data === undefined) {
        const n = Math.min(HEADER_SIZE - this.headerPos, chunk.length - at);
        this.header.set(chunk.subarray(at, at + n), this.headerPos);
        this.headerPos += n;
        at += n;
        if (this.headerPos < HEADER_SIZE) break;
        const fatal = this.startPayload();
        if (fatal !== undefined) {
          this.failed = true;
          events.push(fatal);
          break;
        }
      }
      const data = this.data;
      if (data === undefined) continue;
      const n = Math.min(data.size - data.received, chunk.length - at);
      if (n > 0) {
        const piece = chunk.subarray(at, at + n);
        data.chunks.push(piece); // a view: copied once, when the payload is complete
        data.hash.update(piece);
        data.received += n;
        at += n;
      }
      if (data.received === data.size) events.push(this.finishPayload(data));
    }
    return events;
  }

  /** Checks a complete header (Core's readHeader order: magic, then size) and starts its payload. */
  private startPayload(): EnvelopeFatal | undefined {
    const h = this.header;
    const magic = h.subarray(0, MESSAGE_START_SIZE);
    if (!magic.every((b, i) => b === this.magic[i])) {
      return { kind: 'fatal', reason: 'Header error: Wrong MessageStart', detail: `Header error: Wrong MessageStart ${toHex(magic)} received` };
    }
    const { command, valid } = readMessageType(h.subarray(MESSAGE_START_SIZE, MESSAGE_START_SIZE + MESSAGE_TYPE_SIZE));
    const size = new DataView(h.buffer, h.byteOffset).getUint32(MESSAGE_START_SIZE + MESSAGE_TYPE_SIZE, true);
    // Core: nMessageSize > MAX_SIZE || nMessageSize > MAX_PROTOCOL_MESSAGE_LENGTH; ours adds the per-type cap.
    if (size > MAX_SIZE || size > MAX_PROTOCOL_MESSAGE_LENGTH || size > this.capOf(command)) {
      return { kind: 'fatal', reason: 'Header error: Size too large', detail: `Header error: Size too large (${sanitizeString(command)}, ${size} bytes)` };
    }
    this.data = {
      command,
      valid,
      size,
      checksum: h.slice(HEADER_SIZE - CHECKSUM_SIZE, HEADER_SIZE),
      chunks: [],
      received: 0,
      hash: createHash('sha256'),
    };
    return undefined;
  }

  private finishPayload(data: InData): EnvelopeMessage | EnvelopeDropped {
    this.data = undefined;
    this.headerPos = 0;
    const once = data.hash.digest();
    const expected = new Uint8Array(createHash('sha256').update(once).digest().subarray(0, CHECKSUM_SIZE));
    const name = sanitizeString(data.command);
    if (!expected.every((b, i) => b === data.checksum[i])) {
      const detail = `Header error: Wrong checksum (${name}, ${data.size} bytes), expected ${toHex(expected)} was ${toHex(data.checksum)}`;
      return { kind: 'dropped', reason: 'Header error: Wrong checksum', detail, command: data.command, size: data.size };
    }
    if (!data.valid) {
      const detail = `Header error: Invalid message type (${name}, ${data.size} bytes)`;
      return { kind: 'dropped', reason: 'Header error: Invalid message type', detail, command: data.command, size: data.size };
    }
    const payload = concat(data.chunks, data.size);
    return { kind: 'message', command: data.command, payload };
  }
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
