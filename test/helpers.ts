// Shared test helpers: the corpus location (tests skip with a message when it is
// absent), temp folders, running the built CLI as a child process, and an
// oracle loader for corpus files that does not reuse traillake's parser.

import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll } from 'vitest';

export const ROOT = resolve(import.meta.dirname, '..');
export const CORPUS = resolve(ROOT, '../shared/corpus');
export const REAL = join(CORPUS, 'real');
export const HAVE_CORPUS = existsSync(REAL);
if (!HAVE_CORPUS) console.warn(`corpus not found at ${REAL}: corpus tests are skipped`);

const temps: string[] = [];
export function tempDir(prefix = 'traillake-test-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
}
afterAll(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

export const BIN = join(ROOT, 'bin/traillake.js');

export function cli(args: string[], opts: { input?: string | Buffer; env?: NodeJS.ProcessEnv } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    input: opts.input,
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    maxBuffer: 1 << 30,
  });
}

export function cliAsync(args: string[]) {
  return spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Files of the real corpus, without the LICENSE files. */
export function corpusFiles(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (!/LICENSE/.test(e)) out.push(p);
    }
  };
  walk(REAL);
  return out.sort();
}

/**
 * The oracle: records of a corpus file read by the plainest means (whole-file
 * JSON, else JSON per line; event-history items unwrapped). Null if unparseable.
 */
export function oracleRecords(path: string): unknown[] | null {
  const text = readFileSync(path, 'utf8');
  let items: unknown[];
  try {
    const v = JSON.parse(text) as unknown;
    items = Array.isArray(v) ? v : Array.isArray((v as { Records?: unknown[] }).Records) ? (v as { Records: unknown[] }).Records : [v];
  } catch {
    try {
      items = text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown);
    } catch {
      return null;
    }
  }
  return items.map((it) =>
    typeof (it as { CloudTrailEvent?: unknown }).CloudTrailEvent === 'string' ? JSON.parse((it as { CloudTrailEvent: string }).CloudTrailEvent) : it,
  );
}

/** eventTime as epoch ms by plain Date parsing (no zone means UTC), independent of traillake's parser. */
export function oracleTime(t: string): number {
  let s = t.trim().replace(' ', 'T').replace(/(\.\d{3})\d+/, '$1');
  if (!/([zZ]|[+-]\d\d:?\d\d)$/.test(s)) s += 'Z';
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(s) ? Date.parse(s) : NaN;
}

/** Corpus records a CloudTrail store must hold: those with a parseable eventTime. */
export function storableOracle(path: string): Record<string, unknown>[] {
  return (oracleRecords(path) ?? []).filter((r): r is Record<string, unknown> => {
    const t = (r as { eventTime?: unknown }).eventTime;
    return typeof t === 'string' && !Number.isNaN(oracleTime(t));
  });
}

/** Runs `f` with an environment variable set, restored after: for knobs read per call (TRAILLAKE_INLINE_ROWS). */
export async function withEnv<T>(name: string, value: string, f: () => Promise<T>): Promise<T> {
  const before = process.env[name];
  process.env[name] = value;
  try {
    return await f();
  } finally {
    if (before === undefined) delete process.env[name];
    else process.env[name] = before;
  }
}
