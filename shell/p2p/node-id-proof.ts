/**
 * The bllvmnodeid message: after verack, a bllvm node on TCP proves that it holds the ed25519 key
 * of its node id by signing both version nonces of this connection, its own first, under a
 * domain tag and the network magic. A fresh nonce per connection from each side means a proof
 * cannot be replayed on another connection. (It proves key possession in this handshake; it is no
 * channel binding, so a relaying man in the middle is not excluded. Iroh's QUIC connections are
 * authenticated by the same key and need no proof.) Only peers that advertise
 * NODE_BLLVM_NODEID (protocol.ts) take part; others (bcoin, Core) never see the message.
 */
import type { NodeIdMessage } from './wire/messages.js';
import { type NodeIdentity, verifyNodeSignature } from './identity.js';

/** Domain separation: these signatures mean nothing else. */
export const NODE_ID_PROOF_DOMAIN = 'bllvm/p2p/nodeid/0';
const DOMAIN_BYTES = new TextEncoder().encode(NODE_ID_PROOF_DOMAIN);

/** The signed bytes: domain ‖ 0x00 ‖ network magic ‖ signer's version nonce (u64le) ‖ verifier's version nonce (u64le). */
export function nodeIdProofMessage(magic: Uint8Array, signerNonce: bigint, verifierNonce: bigint): Uint8Array {
  const out = new Uint8Array(DOMAIN_BYTES.length + 1 + magic.length + 16);
  out.set(DOMAIN_BYTES, 0);
  out.set(magic, DOMAIN_BYTES.length + 1);
  const view = new DataView(out.buffer);
  view.setBigUint64(DOMAIN_BYTES.length + 1 + magic.length, BigInt.asUintN(64, signerNonce), true);
  view.setBigUint64(DOMAIN_BYTES.length + 1 + magic.length + 8, BigInt.asUintN(64, verifierNonce), true);
  return out;
}

/** Our proof for this connection: we sign our own nonce, then the peer's. */
export function signNodeIdProof(identity: NodeIdentity, magic: Uint8Array, ownNonce: bigint, peerNonce: bigint): NodeIdMessage {
  return { publicKey: identity.publicKey, signature: identity.sign(nodeIdProofMessage(magic, ownNonce, peerNonce)) };
}

/** Whether the peer's proof is valid: it signed its nonce, then ours. */
export function verifyNodeIdProof(proof: NodeIdMessage, magic: Uint8Array, peerNonce: bigint, ownNonce: bigint): boolean {
  return verifyNodeSignature(proof.publicKey, nodeIdProofMessage(magic, peerNonce, ownNonce), proof.signature);
}
