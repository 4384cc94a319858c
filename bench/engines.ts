// The two engines behind one small interface, as the benchmark drives them:
// ingest as a separate process (wall time and peak RSS of that process), warm
// queries in this process, and cold queries as a fresh process each time.

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createScanPool, type ScanPool } from '../src/exec/pool.js';
import { runQuery } from '../src/exec/query.js';
import { attachParquet, duckRows, openDuck } from './duckdb.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TRAILLAKE = join(ROOT, 'bin/traillake.js');
const DUCK_SCRIPT = join(ROOT, 'dist/bench/duckdb.js');

export interface IngestRun { readonly seconds: number; readonly events: number; readonly peakRssBytes: number; readonly storeBytes: number }

export interface Engine {
  query(sql: string): Promise<unknown[][]>;
  close(): Promise<void>;
}

function eachFile(dir: string, keep: (path: string) => boolean, fn: (path: string) => void): void {
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const p = join(e.parentPath, e.name);
    if (e.isFile() && keep(p)) fn(p);
  }
}

export function folderBytes(dir: string, keep: (path: string) => boolean = () => true): { bytes: number; files: number } {
  let bytes = 0, files = 0;
  eachFile(dir, keep, (p) => {
    bytes += statSync(p).size;
    files++;
  });
  return { bytes, files };
}

/**
 * Reads every file once, so an ingest starts with the archive in the page cache
 * whichever engine goes first (this machine's kernel evicts idle file pages, and
 * reading the 1M archive's 24,228 files cold took 4.4-8.9 s against 0.5 s warm).
 */
export function warmFiles(dir: string): void {
  eachFile(dir, () => true, (p) => void readFileSync(p));
}

function run(args: readonly string[]): { stdout: string; ms: number } {
  const t0 = performance.now();
  const p = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - t0;
  if (p.status !== 0) throw new Error(`${args.slice(0, 3).join(' ')} failed (${p.status}): ${p.stderr}`);
  return { stdout: p.stdout, ms };
}

export function traillakeIngest(archive: string, home: string, store: string): IngestRun {
  const s = JSON.parse(run([TRAILLAKE, '--home', home, 'ingest', archive, '--store', store, '--json']).stdout);
  return { seconds: s.elapsedMs / 1000, events: s.events.stored, peakRssBytes: s.peakRssBytes, storeBytes: s.bytesWritten };
}

export function duckIngestProcess(archive: string, out: string): IngestRun {
  const s = JSON.parse(run([DUCK_SCRIPT, 'ingest', archive, out]).stdout);
  return { seconds: s.elapsedMs / 1000, events: s.rows, peakRssBytes: s.peakRssBytes, storeBytes: folderBytes(out).bytes };
}

export function traillakeCold(home: string, sql: string): number {
  return run([TRAILLAKE, '--home', home, 'query', sql]).ms;
}

export function duckCold(parquet: string, sql: string): number {
  return run([DUCK_SCRIPT, 'query', parquet, sql]).ms;
}

/** traillake's engine in this process, with one warm worker pool for all queries. */
export function traillakeEngine(home: string): Engine {
  const pool: ScanPool = createScanPool();
  return {
    async query(sql) {
      const r = await runQuery(sql, { home, pool });
      const { columns, length } = r.rows;
      return Array.from({ length }, (_, i) => columns.map((c) => c[i]));
    },
    close: () => pool.close(),
  };
}

export async function duckEngine(parquet: string): Promise<Engine> {
  const { con, close } = await openDuck();
  await attachParquet(con, parquet);
  return { query: (sql) => duckRows(con, sql), close: async () => close() };
}

/** Peak RSS of one traillake query run in a fresh process. */
export function traillakeQueryRss(home: string, sql: string): { ms: number; rows: number; peakRssBytes: number } {
  return JSON.parse(run([join(ROOT, 'dist/bench/query-process.js'), home, sql]).stdout);
}
