// Integrity digests: one signed JSON file per commit, chained like CloudTrail's
// digest files. Digest v records what commit v changed (each added data file
// with its SHA-256, each removed path), the SHA-256 of manifest v's bytes, and
// the SHA-256 and signature of digest v-1. It is signed (Ed25519) with the
// store's key from the home (keys.ts) over the JSON text of every field but
// `signature`, which is appended last.
//
//   <store>/_digests/<version, 10 digits>.json
//
// The chain starts at version 0, or, for a store created before digests
// existed (no digest at all), at its first commit since: that digest has no
// previous and lists all the store's files as added. A commit whose previous
// digest is missing while others exist is refused: a broken chain is never re-rooted.
// commit() writes digest v before renaming manifest v into place; recover()
// removes digests newer than the manifest (a commit that never happened), and
// verify ignores them for the same reason.

import { createHash, sign } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../util/errors.js';
import { fingerprint, homeOfStore, SIGNATURE_ALGORITHM, signingKey } from './keys.js';
import { writeFileAtomic, type Manifest } from './manifest.js';

export const DIGESTS = '_digests';

export type CommitKind = 'create' | 'update' | 'ingest' | 'retention' | 'compact' | 'delete' | 'restore';

export interface DigestBody {
  readonly format: 1;
  readonly storeId: string;
  readonly storeName: string;
  readonly version: number;
  readonly kind: CommitKind;
  readonly committedAt: string;
  readonly added: readonly { readonly path: string; readonly sha256: string; readonly bytes: number }[];
  readonly removed: readonly string[];
  readonly manifestSha256: string;
  readonly previousDigestSha256: string | null;
  readonly previousSignature: string | null;
  readonly signatureAlgorithm: string;
  readonly publicKeyFingerprint: string;
}

export interface Digest extends DigestBody {
  /** Base64 signature of JSON.stringify(body). */
  readonly signature: string;
}

export const sha256 = (b: string | Uint8Array) => createHash('sha256').update(b).digest('hex');

export const digestName = (version: number) => `${String(version).padStart(10, '0')}.json`;
export const digestPath = (storeDir: string, version: number) => join(storeDir, DIGESTS, digestName(version));

/** Versions of the digest files present, ascending. */
export function digestVersions(storeDir: string): number[] {
  const dir = join(storeDir, DIGESTS);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => /^\d{10}\.json$/.test(n))
    .map((n) => Number(n.slice(0, 10)))
    .sort((a, b) => a - b);
}

/** The bytes that are signed: the digest without its signature. */
export function signedBytes(d: DigestBody | Digest): Buffer {
  const { signature: _drop, ...body } = d as Digest;
  return Buffer.from(JSON.stringify(body));
}

/** Writes the signed digest of the commit from `prev` to `next` (whose bytes are `manifestText`). */
export function writeDigest(storeDir: string, prev: Manifest | null, next: Manifest, manifestText: string, kind: CommitKind): void {
  const key = signingKey(homeOfStore(storeDir), next.store.id);
  let previousDigestSha256: string | null = null, previousSignature: string | null = null;
  const prevPath = prev ? digestPath(storeDir, prev.version) : null;
  // A store made before digests existed starts its chain here: this first
  // digest (previous = null) then lists every file it holds as added.
  const chained = prevPath !== null && existsSync(prevPath);
  if (prev && !chained && digestVersions(storeDir).length > 0) {
    // Digests exist but not the last commit's: never re-root a broken chain.
    throw new UserError(`store ${next.store.name}: the digest of commit ${prev.version} is missing, so nothing more can be signed; run traillake verify --store ${next.store.name}`);
  }
  if (chained) {
    const bytes = readFileSync(prevPath);
    previousDigestSha256 = sha256(bytes);
    previousSignature = (JSON.parse(bytes.toString('utf8')) as Digest).signature;
  }
  const before = new Set(chained ? prev!.files.map((f) => f.path) : []);
  const after = new Set(next.files.map((f) => f.path));
  const body: DigestBody = {
    format: 1,
    storeId: next.store.id,
    storeName: next.store.name,
    version: next.version,
    kind,
    committedAt: next.committedAt,
    added: next.files.filter((f) => !before.has(f.path)).map((f) => ({ path: f.path, sha256: f.sha256, bytes: f.bytes })),
    removed: [...before].filter((p) => !after.has(p)),
    manifestSha256: sha256(manifestText),
    previousDigestSha256,
    previousSignature,
    signatureAlgorithm: SIGNATURE_ALGORITHM,
    publicKeyFingerprint: fingerprint(key),
  };
  const digest: Digest = { ...body, signature: sign(null, signedBytes(body), key).toString('base64') };
  const dir = join(storeDir, DIGESTS);
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(dir, digestName(next.version), `${JSON.stringify(digest)}\n`);
}

/** Removes digests of commits that never happened (newer than the manifest). */
export function trimDigests(storeDir: string, version: number): void {
  for (const v of digestVersions(storeDir)) if (v > version) rmSync(digestPath(storeDir, v), { force: true });
  const dir = join(storeDir, DIGESTS);
  if (existsSync(dir)) for (const n of readdirSync(dir)) if (n.includes('.tmp-')) rmSync(join(dir, n), { force: true });
}
