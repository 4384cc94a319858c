// `traillake verify`: walks a store's digest chain and checks every digest and
// every live data file, like `aws cloudtrail validate-logs`:
//   - each digest's Ed25519 signature, against the store's public key;
//   - the chain: digest v names the SHA-256 and signature of digest v-1, and
//     versions run from 0 without gaps up to the manifest's;
//   - the manifest's SHA-256 against the latest digest;
//   - each live data file (added by a digest, not removed by a later one) is
//     on disk with the SHA-256 its digest recorded.
// Digests newer than the manifest belong to a commit that never happened (kill
// -9 between the digest and the manifest rename) and are not judged. A store
// made before digests existed is judged from its first (signed) chain start.

import { createHash, verify as verifySignature, type KeyObject } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { DIGESTS, digestName, digestPath, digestVersions, sha256, signedBytes, type Digest } from './digest.js';
import { MANIFEST, type Manifest } from './manifest.js';

export type Invalid = "hash value doesn't match" | 'not found' | 'signature verification failed' | 'chain broken';

export interface VerifyItem {
  readonly kind: 'Digest file' | 'Data file' | 'Manifest file';
  readonly path: string;
  readonly invalid: Invalid | null;
}

export interface VerifyReport {
  readonly items: VerifyItem[];
  readonly digests: { valid: number; total: number };
  readonly data: { valid: number; total: number };
  /** committedAt of the first and last digests judged. */
  readonly found: { first: string | null; last: string | null };
  /** Commits before this version predate digests (a store made by an older traillake): not judged. */
  readonly predating: number;
  readonly ok: boolean;
}

export interface VerifyWindow { readonly start?: number; readonly end?: number }

function fileSha256(path: string): string {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, 'r');
  try {
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0;) hash.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

function parseDigest(bytes: Buffer): Digest | null {
  try {
    const d = JSON.parse(bytes.toString('utf8')) as Digest;
    return typeof d === 'object' && d && typeof d.signature === 'string' && Array.isArray(d.added) && Array.isArray(d.removed) ? d : null;
  } catch {
    return null;
  }
}

export function verifyStore(storeDir: string, manifest: Manifest, key: KeyObject, window: VerifyWindow = {}): VerifyReport {
  const items: VerifyItem[] = [];
  const inWindow = (iso: string) => {
    const t = Date.parse(iso);
    return (window.start === undefined || t >= window.start) && (window.end === undefined || t <= window.end);
  };
  const digestItem = (path: string, invalid: Invalid | null, at: string | null) => {
    if (at === null || inWindow(at)) items.push({ kind: 'Digest file', path, invalid });
  };
  const live = new Map<string, string>(); // path → sha256 per the chain
  let prevBytes: Buffer | null = null, prev: Digest | null = null, last: Digest | null = null;
  let first: string | null = null, lastAt: string | null = null;
  const present = new Set(digestVersions(storeDir));
  const start = chainStart(storeDir, [...present]);
  for (let v = start; v <= manifest.version; v++) {
    const rel = `${DIGESTS}/${digestName(v)}`;
    if (!present.has(v)) {
      digestItem(rel, 'not found', null);
      prev = null;
      prevBytes = null;
      continue;
    }
    const bytes = readFileSync(digestPath(storeDir, v));
    const d = parseDigest(bytes);
    let invalid: Invalid | null = null;
    if (!d || !verifySignature(null, signedBytes(d), key, Buffer.from(d.signature, 'base64')) || d.version !== v) {
      invalid = 'signature verification failed';
    } else if (v === start ? d.previousDigestSha256 !== null : !prevBytes || d.previousDigestSha256 !== sha256(prevBytes) || d.previousSignature !== prev?.signature) {
      invalid = 'chain broken';
    }
    const at = d?.committedAt ?? null;
    digestItem(rel, invalid, at);
    if (at && inWindow(at)) {
      first ??= at;
      lastAt = at;
    }
    if (d) {
      // Even a bad digest's file list is followed, so data files are still judged.
      for (const p of d.removed ?? []) live.delete(p);
      for (const a of d.added ?? []) live.set(a.path, a.sha256);
    }
    prev = d;
    prevBytes = bytes;
    last = d;
  }
  const manifestBytes = readFileSync(join(storeDir, MANIFEST));
  const manifestOk = last !== null && last.version === manifest.version && last.manifestSha256 === sha256(manifestBytes);
  items.push({ kind: 'Manifest file', path: MANIFEST, invalid: manifestOk ? null : "hash value doesn't match" });
  // Files the manifest lists but no digest added are not live per the chain:
  // the manifest hash already flags that; judge them too so the line names them.
  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  for (const f of manifest.files) if (!live.has(f.path)) live.set(f.path, '');
  let dataValid = 0, dataTotal = 0;
  for (const [path, want] of [...live].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const f = listed.get(path);
    if (f && ((window.start !== undefined && f.maxTime < window.start) || (window.end !== undefined && f.minTime > window.end))) continue;
    const abs = join(storeDir, path);
    const invalid: Invalid | null = !existsSync(abs) ? 'not found' : fileSha256(abs) !== want ? "hash value doesn't match" : null;
    items.push({ kind: 'Data file', path, invalid });
    dataTotal++;
    if (!invalid) dataValid++;
  }
  const digests = items.filter((i) => i.kind === 'Digest file');
  return {
    items,
    digests: { valid: digests.filter((i) => !i.invalid).length, total: digests.length },
    data: { valid: dataValid, total: dataTotal },
    found: { first, last: lastAt },
    predating: start,
    ok: items.every((i) => !i.invalid),
  };
}

/**
 * Version 0, unless the store predates digests: then the first digest present,
 * if it is a signed chain start (no previous). Anything else starts at 0, so
 * digests deleted from the front are reported as not found.
 */
function chainStart(storeDir: string, versions: number[]): number {
  const first = versions[0];
  if (first === undefined || first === 0) return 0;
  const d = parseDigest(readFileSync(digestPath(storeDir, first)));
  return d && d.previousDigestSha256 === null && d.previousSignature === null ? first : 0;
}
