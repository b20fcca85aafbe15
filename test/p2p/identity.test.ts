/**
 * The node identity (shell/p2p/identity.ts) and the node-id proof (shell/p2p/node-id-proof.ts):
 * RFC 8032's first ed25519 test vector, the key file (created 0600 once, reused, a malformed one
 * refused), the Iroh endpoint id equal to the ed25519 public key, and proofs bound to both
 * nonces, their order and the network.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NETWORKS } from '../../kernel/chain/params.js';
import { fromHex, toHex } from '../../kernel/encoding/hex.js';
import { NODE_KEY_FILE, identityFromSecretKey, loadOrCreateNodeIdentity, verifyNodeSignature } from '../../shell/p2p/identity.js';
import { signNodeIdProof, verifyNodeIdProof } from '../../shell/p2p/node-id-proof.js';
import { IrohTransport } from '../../shell/p2p/transport/iroh.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'bllvm-identity-'));
  dirs.push(d);
  return d;
}
function hex(s: string): Uint8Array {
  const r = fromHex(s);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe('node identity', () => {
  it('RFC 8032 test 1: secret key 9d61b1...7f60 gives public key d75a98...511a and its signature of the empty message', () => {
    const id = identityFromSecretKey(hex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'));
    expect(id.nodeId).toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
    const sig = id.sign(new Uint8Array(0));
    expect(toHex(sig)).toBe(
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    );
    expect(verifyNodeSignature(id.publicKey, new Uint8Array(0), sig)).toBe(true);
    expect(verifyNodeSignature(id.publicKey, Uint8Array.of(0), sig)).toBe(false);
    expect(verifyNodeSignature(new Uint8Array(32).fill(0xff), new Uint8Array(0), sig)).toBe(false); // not a point: false, no throw
  });

  it('the key file: created 0600 on first run, the same identity on the next, a malformed file refused', async () => {
    const dir = join(tempDir(), 'data');
    const first = await loadOrCreateNodeIdentity(dir);
    if (!first.ok) throw new Error(first.error);
    const path = join(dir, NODE_KEY_FILE);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(toHex(new Uint8Array(readFileSync(path)))).toBe(toHex(first.value.secretKey));
    const again = await loadOrCreateNodeIdentity(dir);
    expect(again.ok && again.value.nodeId).toBe(first.value.nodeId);
    writeFileSync(path, new Uint8Array(31));
    expect(await loadOrCreateNodeIdentity(dir)).toEqual({ ok: false, error: `${path}: a node key file holds 32 bytes, this one 31` });
  });

  it('two processes starting at once end with one key', async () => {
    const dir = tempDir();
    const results = await Promise.all([loadOrCreateNodeIdentity(dir), loadOrCreateNodeIdentity(dir), loadOrCreateNodeIdentity(dir)]);
    const ids = results.map((r) => (r.ok ? r.value.nodeId : r.error));
    expect(new Set(ids).size).toBe(1);
  });

  it("the Iroh endpoint's id is the identity's ed25519 public key", async () => {
    const id = identityFromSecretKey(hex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'));
    const t = await IrohTransport.bind({ secretKey: id.secretKey });
    try {
      expect(t.nodeId).toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
    } finally {
      await t.close();
    }
  });
});

describe('node-id proof', () => {
  const magic = NETWORKS.regtest.messageStart;
  const id = identityFromSecretKey(new Uint8Array(32).fill(7));
  const proof = signNodeIdProof(id, magic, 11n, 22n); // signer's nonce 11, verifier's 22

  it('verifies for the same nonces in the same order on the same network only', () => {
    expect(verifyNodeIdProof(proof, magic, 11n, 22n)).toBe(true);
    expect(verifyNodeIdProof(proof, magic, 22n, 11n)).toBe(false);
    expect(verifyNodeIdProof(proof, magic, 11n, 23n)).toBe(false);
    expect(verifyNodeIdProof(proof, NETWORKS.main.messageStart, 11n, 22n)).toBe(false);
  });

  it('a flipped bit of key or signature fails', () => {
    for (let i = 0; i < 96; i += 7) {
      const bytes = Uint8Array.from([...proof.publicKey, ...proof.signature]);
      bytes[i] = (bytes[i] ?? 0) ^ 1;
      expect(verifyNodeIdProof({ publicKey: bytes.subarray(0, 32), signature: bytes.subarray(32) }, magic, 11n, 22n)).toBe(false);
    }
  });
});
