// `traillake verify` and `traillake key export`: a clean store verifies; each
// kind of tampering (flipped byte, deleted file, replaced file, rewritten
// manifest, edited digest, deleted digest) is caught with validate-logs-style
// lines, the summary line counts, and exit code 4.

import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers.js';

const SAMPLE = join(ROOT, 'data/sample');
const pristine = tempDir();

beforeAll(() => {
  const r = cli(['--home', pristine, 'ingest', SAMPLE, '--store', 'audit', '--quiet', '--now', '2024-07-03T00:00:00Z']);
  expect(r.status, r.stderr).toBe(0);
  // A second commit, so the chain has a link to break.
  const u = cli(['--home', pristine, 'store', 'update', 'audit', '--retention-days', '3000']);
  expect(u.status, u.stderr).toBe(0);
});

/** A private copy of the verified home to tamper with. */
function copy(): { home: string; store: string; files: string[] } {
  const home = tempDir();
  cpSync(pristine, home, { recursive: true });
  const store = join(home, 'stores/audit');
  const m = JSON.parse(readFileSync(join(store, 'manifest.json'), 'utf8'));
  return { home, store, files: m.files.map((f: { path: string }) => f.path).sort() };
}

const verify = (home: string, ...args: string[]) => cli(['--home', home, 'verify', '--store', 'audit', ...args]);

describe('verify', () => {
  it('accepts an untouched store: summary line, exit 0', () => {
    const { home, files } = copy();
    const r = verify(home);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/INVALID/);
    expect(r.stdout).toMatch(new RegExp(`^3/3 digest files valid, ${files.length}/${files.length} data files valid$`, 'm'));
    const v = verify(home, '--verbose');
    expect(v.stdout).toMatch(/^Digest file _digests\/0000000002\.json valid$/m);
    expect(v.stdout).toMatch(/^Manifest file manifest\.json valid$/m);
    expect(v.stdout.match(/^Data file .* valid$/gm)).toHaveLength(files.length);
  });

  it('catches a flipped byte in a data file', () => {
    const { home, store, files } = copy();
    const path = join(store, files[0]!);
    const bytes = readFileSync(path);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    writeFileSync(path, bytes);
    const r = verify(home);
    expect(r.status).toBe(4);
    expect(r.stdout).toContain(`Data file ${files[0]} INVALID: hash value doesn't match\n`);
    expect(r.stdout).toMatch(new RegExp(`3/3 digest files valid, ${files.length - 1}/${files.length} data files valid`));
  });

  it('catches a deleted data file', () => {
    const { home, store, files } = copy();
    rmSync(join(store, files[1]!));
    const r = verify(home);
    expect(r.status).toBe(4);
    expect(r.stdout).toContain(`Data file ${files[1]} INVALID: not found\n`);
  });

  it('catches a data file replaced by another valid data file', () => {
    const { home, store, files } = copy();
    cpSync(join(store, files[0]!), join(store, files[1]!));
    const r = verify(home);
    expect(r.status).toBe(4);
    expect(r.stdout).toContain(`Data file ${files[1]} INVALID: hash value doesn't match\n`);
    expect(r.stdout).not.toContain(`Data file ${files[0]} INVALID`);
  });

  it('catches a rewritten manifest (a file dropped from it, hashes made to agree)', () => {
    const { home, store, files } = copy();
    const m = JSON.parse(readFileSync(join(store, 'manifest.json'), 'utf8'));
    m.files = m.files.filter((f: { path: string }) => f.path !== files[0]);
    writeFileSync(join(store, 'manifest.json'), `${JSON.stringify(m)}\n`);
    const r = verify(home);
    expect(r.status).toBe(4);
    expect(r.stdout).toContain(`Manifest file manifest.json INVALID: hash value doesn't match\n`);
  });

  it('catches an edited digest (its signature no longer verifies)', () => {
    const { home, store } = copy();
    const path = join(store, '_digests/0000000001.json');
    const d = JSON.parse(readFileSync(path, 'utf8'));
    d.added[0].sha256 = '0'.repeat(64);
    writeFileSync(path, `${JSON.stringify(d)}\n`);
    const r = verify(home);
    expect(r.status).toBe(4);
    expect(r.stdout).toContain('Digest file _digests/0000000001.json INVALID: signature verification failed\n');
    // The next digest names the original bytes of this one: the chain is broken too.
    expect(r.stdout).toContain('Digest file _digests/0000000002.json INVALID: chain broken\n');
    expect(r.stdout).toMatch(/^1\/3 digest files valid, /m);
  });

  it('catches a deleted digest', () => {
    const { home, store } = copy();
    rmSync(join(store, '_digests/0000000001.json'));
    const r = verify(home);
    expect(r.status).toBe(4);
    expect(r.stdout).toContain('Digest file _digests/0000000001.json INVALID: not found\n');
    expect(r.stdout).toContain('Digest file _digests/0000000002.json INVALID: chain broken\n');
  });

  it('catches the first digest deleted (the next one is no chain start)', () => {
    const { home, store } = copy();
    rmSync(join(store, '_digests/0000000000.json'));
    const r = verify(home);
    expect(r.status).toBe(4);
    expect(r.stdout).toContain('Digest file _digests/0000000000.json INVALID: not found\n');
    expect(r.stdout).toContain('Digest file _digests/0000000001.json INVALID: chain broken\n');
  });

  it('refuses to sign a commit after a missing digest', () => {
    const { home, store } = copy();
    rmSync(join(store, '_digests/0000000002.json'));
    const u = cli(['--home', home, 'store', 'update', 'audit', '--retention-days', '2557']);
    expect(u.status).toBe(1);
    expect(u.stderr).toBe('traillake: store audit: the digest of commit 2 is missing, so nothing more can be signed; run traillake verify --store audit\n');
    expect(verify(home).stdout).toContain('Digest file _digests/0000000002.json INVALID: not found\n');
  });

  it('a store made before digests existed starts its chain at its next commit', () => {
    const { home, store, files } = copy();
    rmSync(join(store, '_digests'), { recursive: true });
    expect(verify(home).status).toBe(4);
    expect(cli(['--home', home, 'store', 'update', 'audit', '--retention-days', '2557']).status).toBe(0);
    const d = JSON.parse(readFileSync(join(store, '_digests/0000000003.json'), 'utf8'));
    expect(d).toMatchObject({ version: 3, previousDigestSha256: null, previousSignature: null });
    expect(d.added.map((a: { path: string }) => a.path).sort()).toEqual(files);
    const r = verify(home);
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toContain('Commits 0-2 predate integrity digests (made by an older traillake): the chain starts at 3\n');
    expect(r.stdout).toMatch(new RegExp(`^1/1 digest files valid, ${files.length}/${files.length} data files valid$`, 'm'));
  });

  it('catches a digest chain re-signed with another key', () => {
    const { home } = copy();
    const other = tempDir();
    expect(cli(['--home', other, 'store', 'create', 'other']).status).toBe(0);
    const pem = join(other, 'other.pub.pem');
    const k = cli(['--home', other, 'key', 'export', '--store', 'other']);
    expect(k.status, k.stderr).toBe(0);
    expect(k.stdout).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(k.stderr).toMatch(/SHA-256 fingerprint [0-9a-f]{64}/);
    writeFileSync(pem, k.stdout);
    const r = verify(home, '--public-key', pem);
    expect(r.status).toBe(4);
    expect(r.stdout.match(/INVALID: signature verification failed/g)).toHaveLength(3);
    // With the store's own exported key it verifies.
    const own = join(home, 'audit.pub.pem');
    writeFileSync(own, cli(['--home', home, 'key', 'export', '--store', 'audit']).stdout);
    expect(verify(home, '--public-key', own).status).toBe(0);
  });

  it('limits the data files judged to --start-time/--end-time', () => {
    const { home, store, files } = copy();
    rmSync(join(store, files.find((f) => f.includes('date=2024-07-01'))!));
    const r = verify(home, '--start-time', '2024-07-02T00:00:00Z');
    expect(r.status, r.stdout).toBe(0);
    // Digests are judged by commit time (all within the window), data files by event time.
    expect(r.stdout).toMatch(/^3\/3 digest files valid, 2\/2 data files valid$/m);
    expect(verify(home, "--end-time", "2024-06-30T00:00:00Z").stdout).toMatch(/^0\/0 digest files valid, 0\/0 data files valid$/m);
    expect(readdirSync(join(store, '_digests'))).toHaveLength(3);
    expect(verify(home, '--start-time', 'yesterday').stderr).toBe('traillake: --start-time must be an ISO time such as 2024-07-01T00:00:00Z, got yesterday\n');
  });
});
