// kill -9 during compaction, retention, deletion and purge leaves exactly the
// old state or exactly the new one, and a store `verify` accepts: checked at
// each failpoint of those operations and of the commit protocol, and at random
// moments. Re-running the operation then completes it.

import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateArchive } from '../../src/gen/generator.js';
import { cli, cliAsync, tempDir } from '../helpers.js';
import { invalidItems, recordLines } from '../store/store-helpers.js';

const DAY = 86_400_000;
const pristine = tempDir();
// Cut at noon of the first day for a store keeping 2557 days.
const RETENTION_NOW = new Date(Date.parse('2024-07-01T12:00:00Z') + 2557 * DAY).toISOString();

beforeAll(() => {
  const archive = tempDir();
  generateArchive({ out: archive, events: 2000, days: 2, seed: 21 });
  const logs = readdirSync(archive, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json.gz') && !e.parentPath.includes('CloudTrail-Digest'))
    .map((e) => join(e.parentPath, e.name));
  for (let i = 0; i < 5; i++) {
    const r = cli(['--home', pristine, 'ingest', ...logs.filter((_, j) => j % 5 === i), '--store', 'crash', '--quiet', '--no-compact']);
    expect(r.status, r.stderr).toBe(0);
  }
  expect(cli(['--home', pristine, 'store', 'update', 'crash', '--no-termination-protection']).status).toBe(0);
});

function copy(): string {
  const home = tempDir();
  cpSync(pristine, home, { recursive: true });
  return home;
}

/** The store's content: a hash of its records in a canonical order. */
async function state(home: string): Promise<string> {
  return createHash('sha256').update((await recordLines(home, 'crash')).join('\n')).digest('hex');
}

/** What `traillake verify` checks, in process. */
function verified(home: string): void {
  expect(invalidItems(home, 'crash')).toEqual([]);
}

const status = (home: string) => JSON.parse(readFileSync(join(home, 'stores/crash/manifest.json'), 'utf8')).store.status as string;

const OPS = {
  compact: ['compact', '--store', 'crash'],
  retention: ['retention', 'apply', '--store', 'crash', '--now', RETENTION_NOW],
};

describe('crash safety of maintenance', () => {
  const before = { state: '' };
  const after: Record<string, string> = {};
  beforeAll(async () => {
    before.state = await state(pristine);
    for (const [op, args] of Object.entries(OPS)) {
      const home = copy();
      const r = cli(['--home', home, ...args]);
      expect(r.status, r.stderr).toBe(0);
      after[op] = await state(home);
      expect(after[op]).toBe(op === 'compact' ? before.state : after[op]); // compaction changes files, not records
    }
    expect(after.retention).not.toBe(before.state);
  });

  const cases: [keyof typeof OPS, string][] = [
    ['compact', 'compact:before-commit'], ['compact', 'commit:after-first-rename'], ['compact', 'commit:before-manifest'], ['compact', 'commit:after-manifest'],
    ['retention', 'retention:before-commit'], ['retention', 'commit:before-digest'], ['retention', 'commit:after-manifest'],
  ];
  for (const [op, point] of cases) {
    it(`${op} killed at ${point}: old or new state, verifiable, and a re-run completes`, async () => {
      const home = copy();
      const v0 = JSON.parse(readFileSync(join(home, 'stores/crash/manifest.json'), 'utf8')).version;
      const killed = cli(['--home', home, ...OPS[op]], { env: { TRAILLAKE_FAILPOINT: point } });
      expect(killed.signal).toBe('SIGKILL');
      const v1 = JSON.parse(readFileSync(join(home, 'stores/crash/manifest.json'), 'utf8')).version;
      expect(v1).toBe(point === 'commit:after-manifest' ? v0 + 1 : v0);
      expect(await state(home)).toBe(v1 === v0 ? before.state : after[op]);
      verified(home);
      const rerun = cli(['--home', home, ...OPS[op]]);
      expect(rerun.status, rerun.stderr).toBe(0);
      expect(await state(home)).toBe(after[op]);
      verified(home);
      expect(existsSync(join(home, 'stores/crash/_staging'))).toBe(false);
    });
  }

  for (const op of ['compact', 'retention'] as const) {
    it(`${op} killed at random moments`, async () => {
      const home = copy();
      for (const delay of [120, 350, 600, 900]) {
        const child = cliAsync(['--home', home, ...OPS[op]]);
        const exited = new Promise((r) => child.once('exit', r));
        await new Promise((r) => setTimeout(r, delay));
        child.kill('SIGKILL');
        await exited;
        expect([before.state, after[op]]).toContain(await state(home));
        verified(home);
      }
    });
  }

  for (const point of ['commit:before-manifest', 'commit:after-manifest']) {
    it(`store delete killed at ${point}: ENABLED or PENDING_DELETION, verifiable`, () => {
      const home = copy();
      const killed = cli(['--home', home, 'store', 'delete', 'crash'], { env: { TRAILLAKE_FAILPOINT: point } });
      expect(killed.signal).toBe('SIGKILL');
      expect(status(home)).toBe(point === 'commit:after-manifest' ? 'PENDING_DELETION' : 'ENABLED');
      verified(home);
    });
  }

  for (const point of ['purge:before-rename', 'purge:after-rename']) {
    it(`purge killed at ${point}: the store whole or gone`, () => {
      const home = copy();
      expect(cli(['--home', home, 'store', 'delete', 'crash']).status).toBe(0);
      const purgeNow = new Date(Date.now() + 8 * DAY).toISOString();
      const killed = cli(['--home', home, 'retention', 'apply', '--now', purgeNow], { env: { TRAILLAKE_FAILPOINT: point } });
      expect(killed.signal).toBe('SIGKILL');
      if (point === 'purge:before-rename') {
        expect(status(home)).toBe('PENDING_DELETION');
        verified(home);
      } else {
        expect(existsSync(join(home, 'stores/crash'))).toBe(false);
      }
      expect(cli(['--home', home, 'retention', 'apply', '--now', purgeNow]).status).toBe(0);
      expect(existsSync(join(home, 'stores/crash'))).toBe(false);
      expect(readdirSync(join(home, 'trash'))).toEqual([]);
    });
  }
});
