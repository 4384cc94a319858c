// kill -9 at any moment leaves the last committed state, and re-running the same
// ingest finishes the job: checked at each step of the commit protocol
// (failpoints) and at random moments of a running ingest.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateArchive } from '../../src/gen/generator.js';
import { cli, cliAsync, tempDir } from '../helpers.js';

function parquetFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.parquet') && !join(e.parentPath, e.name).includes('_staging'))
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

/** The store holds exactly what its manifest says, byte for byte. */
function checkCommitted(storeDir: string): { version: number; rows: number } {
  const m = JSON.parse(readFileSync(join(storeDir, 'manifest.json'), 'utf8'));
  for (const f of m.files) {
    const bytes = readFileSync(join(storeDir, f.path));
    expect(bytes.length).toBe(f.bytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
  }
  return { version: m.version, rows: m.files.reduce((n: number, f: { rows: number }) => n + f.rows, 0) };
}

describe('crash safety', () => {
  const archive = tempDir();
  const { events } = generateArchive({ out: archive, events: 4000, days: 2, seed: 11 });

  for (const point of ['commit:before-journal', 'commit:after-first-rename', 'commit:before-manifest', 'commit:after-manifest']) {
    it(`killed at ${point}: old or new state, then a re-run completes`, () => {
      const home = tempDir();
      const storeDir = join(home, 'stores/crash');
      const killed = cli(['--home', home, 'ingest', archive, '--store', 'crash'], { env: { TRAILLAKE_FAILPOINT: point } });
      expect(killed.signal).toBe('SIGKILL');
      const state = checkCommitted(storeDir);
      expect([0, events]).toContain(state.rows);
      expect(state.rows === events).toBe(point === 'commit:after-manifest');
      const rerun = cli(['--home', home, 'ingest', archive, '--store', 'crash']);
      expect(rerun.status, rerun.stderr).toBe(0);
      const after = checkCommitted(storeDir);
      expect(after.rows).toBe(events);
      // Nothing but committed files is left on disk.
      const m = JSON.parse(readFileSync(join(storeDir, 'manifest.json'), 'utf8'));
      expect(parquetFiles(storeDir).sort()).toEqual(m.files.map((f: { path: string }) => f.path).sort());
      expect(existsSync(join(storeDir, '_staging'))).toBe(false);
      expect(existsSync(join(storeDir, '.lock'))).toBe(false);
    });
  }

  it('Ctrl-C stops an ingest and commits nothing of it; after a second one (quit at once) too the store is unchanged, and a re-run finishes', async () => {
    const home = tempDir();
    const storeDir = join(home, 'stores/stopped');
    const first = cli(['--home', home, 'ingest', archive, '--store', 'stopped']);
    expect(first.status, first.stderr).toBe(0);
    const before = checkCommitted(storeDir);
    const big = tempDir();
    const total = generateArchive({ out: big, events: 40_000, days: 2, seed: 13 }).events;
    for (const times of [1, 2]) {
      const child = cliAsync(['--home', home, 'ingest', big, '--store', 'stopped', '--threads', '2']);
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      // The run has begun (the handler is set before it starts) once its staging folder exists.
      while (!existsSync(join(storeDir, '_staging'))) await new Promise((r) => setTimeout(r, 5));
      child.kill('SIGINT');
      if (times === 2) {
        await new Promise((r) => setTimeout(r, 20)); // two signals sent together may arrive as one
        child.kill('SIGINT');
      }
      expect(await exited, stderr).toBe(130);
      expect(stderr).not.toMatch(/\n\s+at /);
      if (times === 1) {
        expect(stderr).toMatch(/ingest interrupted: nothing from this run was committed \(store stopped is unchanged\)/);
        expect(existsSync(join(storeDir, '_staging'))).toBe(false);
        expect(existsSync(join(storeDir, '.lock'))).toBe(false);
      }
      expect(checkCommitted(storeDir)).toEqual(before);
    }
    const rerun = cli(['--home', home, 'ingest', big, '--store', 'stopped']);
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(checkCommitted(storeDir).rows).toBe(before.rows + total);
    expect(existsSync(join(storeDir, '_staging'))).toBe(false);
  });

  it('killed at random moments of a running ingest', async () => {
    const home = tempDir();
    const storeDir = join(home, 'stores/random');
    const big = tempDir();
    const total = generateArchive({ out: big, events: 40_000, days: 2, seed: 12 }).events;
    for (const delay of [150, 400, 700, 1000, 1500]) {
      const child = cliAsync(['--home', home, 'ingest', big, '--store', 'random', '--threads', '2']);
      const exited = new Promise((r) => child.once('exit', r));
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await exited;
      if (existsSync(join(storeDir, 'manifest.json'))) {
        const s = checkCommitted(storeDir);
        expect([0, total]).toContain(s.rows);
      }
    }
    const rerun = cli(['--home', home, 'ingest', big, '--store', 'random']);
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(checkCommitted(storeDir).rows).toBe(total);
    const m = JSON.parse(readFileSync(join(storeDir, 'manifest.json'), 'utf8'));
    expect(parquetFiles(storeDir).sort()).toEqual(m.files.map((f: { path: string }) => f.path).sort());
    expect(statSync(storeDir).isDirectory()).toBe(true);
  });
});
