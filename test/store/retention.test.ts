// `retention apply`: exactly the events before now - retentionDays go, checked
// against the records exported before (eventTime parsed independently);
// --dry-run changes nothing; whole partitions are dropped; lowering the
// retention takes effect at the next apply. Then store delete/restore and the
// purge after 7 days.

import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, oracleTime, ROOT, tempDir } from '../helpers.js';
import { recordLines } from './store-helpers.js';

const SAMPLE = join(ROOT, 'data/sample');
const DAY = 86_400_000;
const pristine = tempDir();

beforeAll(() => {
  const r = cli(['--home', pristine, 'ingest', SAMPLE, '--store', 'audit', '--quiet', '--now', '2024-07-03T00:00:00Z']);
  expect(r.status, r.stderr).toBe(0);
});

function copy(): string {
  const home = tempDir();
  cpSync(pristine, home, { recursive: true });
  return home;
}

type Rec = { eventID: string; eventTime: string };
const exportAll = async (home: string): Promise<Rec[]> => (await recordLines(home, 'audit')).map((l) => JSON.parse(l) as Rec);
const ids = (rs: Rec[]) => rs.map((r) => r.eventID).sort();
const manifest = (home: string) => JSON.parse(readFileSync(join(home, 'stores/audit/manifest.json'), 'utf8'));
/** `--now` that puts the cut at `cut` for a store keeping `days` days. */
const nowFor = (cut: string, days = 2557) => new Date(Date.parse(cut) + days * DAY).toISOString();
const apply = (home: string, ...args: string[]) => cli(['--home', home, 'retention', 'apply', '--store', 'audit', '--json', ...args]);

describe('retention apply', () => {
  it('--dry-run reports exactly what apply then removes, and changes nothing itself', async () => {
    const home = copy();
    const before = await exportAll(home);
    const cut = '2024-07-01T12:00:00Z';
    const older = before.filter((r) => oracleTime(r.eventTime) < Date.parse(cut));
    expect(older.length).toBeGreaterThan(0);
    const v0 = manifest(home).version;
    const dry = apply(home, '--now', nowFor(cut), '--dry-run');
    expect(dry.status, dry.stderr).toBe(0);
    const [d] = JSON.parse(dry.stdout);
    expect(d).toMatchObject({ action: 'removed', dryRun: true, cutoff: '2024-07-01T12:00:00Z', eventsRemoved: older.length, filesDropped: 0 });
    expect(d.partitionsTrimmed).toEqual(['region=eu-west-1/date=2024-07-01', 'region=us-east-1/date=2024-07-01']);
    expect(manifest(home).version).toBe(v0);
    expect(ids(await exportAll(home))).toEqual(ids(before));

    const [a] = JSON.parse(apply(home, '--now', nowFor(cut)).stdout);
    expect({ ...a, dryRun: true, version: d.version }).toEqual(d);
    const after = await exportAll(home);
    expect(ids(after)).toEqual(ids(before.filter((r) => oracleTime(r.eventTime) >= Date.parse(cut))));
    expect(cli(['--home', home, 'verify', '--store', 'audit']).status).toBe(0);
    // Idempotent: nothing more to remove.
    expect(JSON.parse(apply(home, '--now', nowFor(cut)).stdout)[0]).toMatchObject({ action: 'none', eventsRemoved: 0 });
  });

  it('drops whole partitions past the cut, folders included', async () => {
    const home = copy();
    const before = await exportAll(home);
    const r = cli(['--home', home, 'retention', 'apply', '--now', nowFor('2024-07-02T00:00:00Z')]);
    expect(r.status, r.stderr).toBe(0);
    const removed = before.filter((x) => oracleTime(x.eventTime) < Date.parse('2024-07-02T00:00:00Z')).length;
    expect(r.stdout).toContain(`audit: removed ${removed.toLocaleString('en-US')} events older than 2024-07-02T00:00:00Z (2 files dropped, 0 rewritten)`);
    expect(r.stdout).toContain('dropped partition region=us-east-1/date=2024-07-01');
    expect(readdirSync(join(home, 'stores/audit/region=us-east-1'))).toEqual(['date=2024-07-02']);
    expect(await exportAll(home)).toHaveLength(before.length - removed);
    expect(cli(['--home', home, 'verify', '--store', 'audit']).status).toBe(0);
  });

  it('a lowered --retention-days takes effect at the next apply', () => {
    const home = copy();
    expect(cli(['--home', home, 'store', 'update', 'audit', '--retention-days', '3653']).status).toBe(0);
    const now = nowFor('2024-07-02T00:00:00Z'); // 2557 days after the cut
    expect(JSON.parse(apply(home, '--now', now).stdout)[0]).toMatchObject({ action: 'none', cutoff: new Date(Date.parse(now) - 3653 * DAY).toISOString().replace('.000', '') });
    expect(cli(['--home', home, 'store', 'update', 'audit', '--retention-days', '2557']).status).toBe(0);
    expect(JSON.parse(apply(home, '--now', now).stdout)[0]).toMatchObject({ action: 'removed', filesDropped: 2 });
  });
});

describe('termination protection, delete, restore, purge', () => {
  it('follows CloudTrail Lake: protected by default, PENDING_DELETION for 7 days, then purged', () => {
    const home = copy();
    const run = (...a: string[]) => cli(['--home', home, ...a]);
    const refused = run('store', 'delete', 'audit');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe('traillake: store audit has termination protection on; turn it off first: traillake store update audit --no-termination-protection\n');
    expect(run('store', 'update', 'audit', '--no-termination-protection').status).toBe(0);
    const del = run('store', 'delete', 'audit');
    expect(del.status, del.stderr).toBe(0);
    expect(del.stdout).toMatch(/^store audit is pending deletion; it will be purged by retention apply from \d{4}-/);
    expect(JSON.parse(run('store', 'show', 'audit', '--format', 'json').stdout)).toMatchObject({ status: 'PENDING_DELETION' });
    const q = run('query', 'SELECT count(*) FROM audit');
    expect(q.status).not.toBe(0);
    expect(q.stderr).toContain("store 'audit' is pending deletion; restore it with 'traillake store restore' to query it");
    const ing = run('ingest', SAMPLE, '--store', 'audit', '--quiet');
    expect(ing.stderr).toBe('traillake: store audit is PENDING_DELETION; ingest is refused\n');
    expect(run('store', 'delete', 'audit').stderr).toMatch(/already pending deletion/);

    expect(run('store', 'restore', 'audit').stdout).toBe('restored event data store audit\n');
    expect(run('query', 'SELECT count(*) AS n FROM audit', '--format', 'csv').stdout).toBe('n\r\n1200\r\n'); // CSV rows end in CRLF (RFC 4180)
    expect(run('store', 'restore', 'audit').stderr).toMatch(/is ENABLED, not pending deletion/);

    expect(run('store', 'delete', 'audit').status).toBe(0);
    const deletedAt = Date.parse(JSON.parse(run('store', 'show', 'audit', '--format', 'json').stdout).deletedAt);
    const early = JSON.parse(run('retention', 'apply', '--json', '--now', new Date(deletedAt + 6 * DAY).toISOString()).stdout);
    expect(early[0]).toMatchObject({ store: 'audit', action: 'pending-deletion', purgeAt: new Date(deletedAt + 7 * DAY).toISOString() });
    expect(run('verify', '--store', 'audit').status).toBe(0);
    const id = manifest(home).store.id;
    const purge = run('retention', 'apply', '--now', new Date(deletedAt + 7 * DAY).toISOString());
    expect(purge.stdout).toMatch(/^audit: purged .*: 1,200 events in 4 files$/m);
    expect(existsSync(join(home, 'stores/audit'))).toBe(false);
    expect(readdirSync(join(home, 'trash'))).toEqual([]);
    expect(existsSync(join(home, 'keys', `${id}.key.pem`))).toBe(false);
    expect(existsSync(join(home, 'keys', `${id}.pub.pem`))).toBe(true);
    expect(run('store', 'list').stdout).toMatch(/no event data stores yet/);
  });
});
