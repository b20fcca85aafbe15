/**
 * The node's identity: one ed25519 key per node, kept in the data directory (file `node_key`,
 * the 32-byte secret key, mode 0600, created on first run). The same key is the node's Iroh
 * secret key, so its Iroh node id is this ed25519 public key; over TCP, bllvm nodes prove it after
 * verack (node-id-proof.ts). Keys and signatures are RFC 8032 ed25519 (@noble/curves).
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { toHex } from '../../kernel/encoding/hex.js';
import { type Result, err, ok } from '../../kernel/result.js';

/** The key file's name inside the data directory. */
export const NODE_KEY_FILE = 'node_key';
const SECRET_KEY_SIZE = 32;

export interface NodeIdentity {
  /** The 32-byte ed25519 secret key (RFC 8032 seed); also the Iroh endpoint's secret key. */
  readonly secretKey: Uint8Array;
  /** The 32-byte ed25519 public key: the node id (and the Iroh EndpointId's bytes). */
  readonly publicKey: Uint8Array;
  /** The node id as 64 lowercase hex digits (the form Iroh's EndpointId prints and parses). */
  readonly nodeId: string;
  /** An ed25519 signature (64 bytes) over `message`. */
  readonly sign: (message: Uint8Array) => Uint8Array;
}

/** The identity of a 32-byte secret key. */
export function identityFromSecretKey(secretKey: Uint8Array): NodeIdentity {
  if (secretKey.length !== SECRET_KEY_SIZE) throw new RangeError(`an ed25519 secret key has ${SECRET_KEY_SIZE} bytes, not ${secretKey.length}`);
  const key = secretKey.slice();
  const publicKey = ed25519.getPublicKey(key);
  return { secretKey: key, publicKey, nodeId: toHex(publicKey), sign: (message) => ed25519.sign(message, key) };
}

/** A fresh random identity (not stored). */
export function generateNodeIdentity(): NodeIdentity {
  return identityFromSecretKey(new Uint8Array(randomBytes(SECRET_KEY_SIZE)));
}

/** Whether `signature` is `publicKey`'s ed25519 signature of `message`; malformed keys or signatures are false. */
export function verifyNodeSignature(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  try {
    return ed25519.verify(signature, message, publicKey);
  } catch {
    return false; // a public key that is no curve point
  }
}

/**
 * The node's identity from `dataDir/node_key`, created (mode 0600) on first run. The file is
 * written under a temporary name and linked into place, so a crash never leaves a partial key and
 * two processes starting at once end up with the same key. A key file that is not exactly 32
 * bytes is an error naming the file, never replaced.
 */
export async function loadOrCreateNodeIdentity(dataDir: string): Promise<Result<NodeIdentity, string>> {
  const path = join(dataDir, NODE_KEY_FILE);
  const existing = await readKeyFile(path);
  if (existing !== undefined) return existing;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.${toHex(new Uint8Array(randomBytes(4)))}.tmp`;
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.chmod(0o600); // whatever the umask
    await handle.writeFile(new Uint8Array(randomBytes(SECRET_KEY_SIZE)));
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(tmp, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    await unlink(tmp);
  }
  return (await readKeyFile(path)) ?? err(`${path}: key file vanished after it was created`);
}

async function readKeyFile(path: string): Promise<Result<NodeIdentity, string> | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return err(`${path}: ${(e as Error).message}`);
  }
  if (bytes.length !== SECRET_KEY_SIZE) return err(`${path}: a node key file holds ${SECRET_KEY_SIZE} bytes, this one ${bytes.length}`);
  return ok(identityFromSecretKey(bytes));
}
