/**
 * The P2P layer of the shell (issue 12, "Wire and transports"): what the node builds on.
 *
 *   const identity = await loadOrCreateNodeIdentity(dataDir);              // node_key, 0600
 *   const tcp = new TcpTransport({ host: '127.0.0.1', port: 18444 });
 *   const iroh = await IrohTransport.bind({ secretKey: identity.value.secretKey });
 *   await tcp.listen((c) => serve(new Peer(c, { params, identity: identity.value })));
 *   const peer = new Peer(await tcp.dial({ host, port }), { params, identity: identity.value });
 *   peer.on('ready', ...).on('message', (msg, raw) => ...).on('misbehaving', ...).on('close', ...);
 *   peer.start();
 */
export { type NodeIdentity, NODE_KEY_FILE, generateNodeIdentity, identityFromSecretKey, loadOrCreateNodeIdentity } from './identity.js';
export { NODE_ID_PROOF_DOMAIN, signNodeIdProof, verifyNodeIdProof } from './node-id-proof.js';
export { type Misbehaviour, Peer, type PeerClose, type PeerEvents, type PeerOptions, type PeerReady, type PeerStats, USER_AGENT } from './peer.js';
export { BLLVM_ALPN, IrohTransport, type IrohTransportOptions } from './transport/iroh.js';
export { TcpTransport } from './transport/tcp.js';
export type { Connection, ConnectionHandlers, IrohTarget, ListenInfo, RemoteInfo, TcpTarget, Transport, TransportKind } from './transport/transport.js';
export { EnvelopeParser, PAYLOAD_CAPS, encodeEnvelope, payloadCap } from './wire/envelope.js';
export {
  type Command,
  type GetHeadersMessage,
  type InvVector,
  type KnownMessage,
  MESSAGE_CODECS,
  type NetAddress,
  type NodeIdMessage,
  type UnknownMessage,
  type VersionMessage,
  type WireMessage,
  decodeMessage,
  encodeMessage,
} from './wire/messages.js';
export * from './wire/protocol.js';
