// Each store's signing key pair (Ed25519, node:crypto), kept in the home, not in
// the store, so whoever can rewrite a store's files cannot re-sign its digests:
//   <home>/keys/<store id>.key.pem   private key, PKCS#8, mode 0600
//   <home>/keys/<store id>.pub.pem   public key, SPKI (what `traillake key export` prints)
// The key is made the first time the store commits.

import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../util/errors.js';
import { writeFileAtomic } from './manifest.js';

export const SIGNATURE_ALGORITHM = 'Ed25519';

export const keysDir = (home: string) => join(home, 'keys');
const privatePath = (home: string, id: string) => join(keysDir(home), `${id}.key.pem`);
export const publicKeyPath = (home: string, id: string) => join(keysDir(home), `${id}.pub.pem`);

/** The home a store folder (`<home>/stores/<name>`) belongs to. */
export const homeOfStore = (storeDir: string) => dirname(dirname(resolve(storeDir)));

/** The store's private key, created (with its public key) if missing. */
export function signingKey(home: string, id: string): KeyObject {
  const path = privatePath(home, id);
  if (!existsSync(path)) {
    const dir = keysDir(home);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    writeFileAtomic(dir, `${id}.pub.pem`, publicKey.export({ type: 'spki', format: 'pem' }) as string);
    writeFileAtomic(dir, `${id}.key.pem`, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    chmodSync(path, 0o600);
  }
  return createPrivateKey(readFileSync(path, 'utf8'));
}

/** A public key from a PEM file (the store's own by default). */
export function loadPublicKey(path: string): KeyObject {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch {
    throw new UserError(`public key not found: ${path} (give one with --public-key FILE)`);
  }
  try {
    return createPublicKey(pem);
  } catch (e) {
    throw new UserError(`${path} is not a PEM public key: ${(e as Error).message}`);
  }
}

export function storePublicKeyPem(home: string, id: string): string {
  const path = publicKeyPath(home, id);
  if (!existsSync(path)) throw new UserError(`store ${id} has no key yet in ${keysDir(home)}`);
  return readFileSync(path, 'utf8');
}

/** SHA-256 of the key's DER (SPKI) encoding, hex: recorded in every digest. */
export function fingerprint(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256').update(pub.export({ type: 'spki', format: 'der' })).digest('hex');
}

/** Forgets a purged store's private key (its public key stays for auditors). */
export function dropSigningKey(home: string, id: string): void {
  rmSync(privatePath(home, id), { force: true });
}
