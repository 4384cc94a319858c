// `traillake ingest PATH... --store NAME`

import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import type { BadInput, IngestSummary } from '../../ingest/pipeline.js';
import { resolveHome } from '../../store/layout.js';
import { loadStore } from '../../store/stores.js';
import { UserError } from '../../util/errors.js';
import { formatBytes, formatCount, formatMs } from '../format.js';
import { EXIT } from '../io.js';
import { progressBar } from '../progress.js';

/** Bad files and rejected records printed one per line; the rest are counted. */
const LIST_LIMIT = 50;

export function describeProblem(p: BadInput): string {
  if (p.count === undefined) return `${p.path}: ${p.reason}`;
  if (p.count === 1) return `${p.path} record ${p.records![0]}: ${p.reason}`;
  const more = p.count > p.records!.length ? ` and ${p.count - p.records!.length} more` : '';
  return `${p.path} ${p.count} records (${p.records!.join(', ')}${more}): ${p.reason}`;
}

export function summaryLine(s: IngestSummary): string {
  const e = s.events;
  return (
    `${formatCount(s.files.read)} files read (${formatCount(s.files.bad)} bad, ${formatCount(s.files.digestsSkipped)} digests skipped` +
    `${s.files.ignored ? `, ${formatCount(s.files.ignored)} not a log by name` : ''}), ` +
    `${formatCount(e.stored)} events stored, ${formatCount(e.duplicates)} duplicates skipped, ` +
    `${formatCount(e.filtered)} filtered, ${formatCount(e.expired)} past retention, ${formatCount(e.rejected)} rejected, ` +
    `${formatBytes(s.bytesWritten)} written in ${formatCount(s.filesWritten)} files, ${formatMs(s.elapsedMs)}`
  );
}

/**
 * SIGINT and SIGTERM while an ingest runs: the first aborts it (it stops at its
 * next task and commits nothing), a second quits at once. Either way the store
 * keeps its last commit: a killed ingest is recovered by the next one.
 */
function interruptible(quiet: boolean): { signal: AbortSignal; release(): void } {
  const ac = new AbortController();
  const onSignal = () => {
    if (ac.signal.aborted) process.exit(EXIT.interrupted);
    ac.abort();
    if (!quiet) process.stderr.write('\nstopping the ingest (again to quit at once)...\n');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: ac.signal,
    release() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** Standard input copied to a file in a temporary folder (removed by dispose). */
async function spoolStdin(): Promise<{ path: string; dispose(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'traillake-stdin-'));
  const path = join(dir, 'stdin');
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  try {
    await pipeline(process.stdin, createWriteStream(path));
  } catch (e) {
    dispose();
    throw e;
  }
  return { path, dispose };
}

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('read CloudTrail logs into an event data store (created with defaults if missing)')
    .argument('<paths...>', 'files or folders (S3 layout AWSLogs/... welcome); - reads stdin')
    .requiredOption('-s, --store <name>', 'event data store to write')
    .option('--on-error <mode>', 'skip: keep going past bad files and records; fail: stop and commit nothing', 'skip')
    .option('--threads <n>', 'worker threads (default: one per core; 0 = main thread only)')
    .option('--now <iso>', 'judge retention as of this time instead of the clock (replays, tests)')
    .option('--no-compact', 'skip the automatic compaction of the partitions written (see traillake compact)')
    .option('-q, --quiet', 'print nothing but errors')
    .option('--json', 'print the summary as JSON on stdout')
    .addHelpText('after', `
Examples:
  traillake ingest ./AWSLogs --store prod
  traillake ingest s3-sync/ exports/history.jsonl --store audit --on-error fail
  zcat events.json.gz | traillake ingest - --store scratch

Ctrl-C stops the run at its next task and commits nothing of it (a second Ctrl-C quits at once,
which is as safe: the next ingest removes what was left staged).

Exit codes: 0 all input stored, 1 usage error, 2 some input was rejected (listed on stderr),
130 interrupted (nothing of the run was committed).`)
    .action(async (paths: string[], o: { store: string; onError: string; threads?: string; now?: string; compact: boolean; quiet?: boolean; json?: boolean }, cmd: Command) => {
      if (o.onError !== 'skip' && o.onError !== 'fail') throw new UserError(`--on-error must be skip or fail, got ${o.onError}`);
      const threads = o.threads === undefined ? undefined : Number(o.threads);
      if (threads !== undefined && !(Number.isInteger(threads) && threads >= 0)) throw new UserError(`--threads must be a whole number, got ${o.threads}`);
      const now = o.now === undefined ? undefined : Date.parse(o.now);
      if (now !== undefined && Number.isNaN(now)) throw new UserError(`--now must be an ISO time, got ${o.now}`);
      const home = resolveHome(cmd.optsWithGlobals().home);
      // Standard input is copied to a temporary file, so that it is read like one (in pieces when large).
      const stdin = paths.includes('-') ? await spoolStdin() : undefined;
      const bar = o.quiet || o.json ? { update() {}, done() {} } : progressBar(process.stderr);
      const { ingest } = await import('../../ingest/pipeline.js'); // loaded on use: the CLI starts faster
      const stop = interruptible(o.quiet === true);
      let s: IngestSummary;
      try {
        s = await ingest({ home, store: o.store, inputs: paths, stdinFile: stdin?.path, onError: o.onError, threads, now, compact: o.compact, onProgress: (p) => bar.update(p), signal: stop.signal });
      } finally {
        stop.release();
        bar.done();
        stdin?.dispose();
      }
      if (s.created && !o.quiet) {
        const { store } = loadStore(home, s.store);
        process.stderr.write(
          `created event data store ${s.store} (retention ${store.retentionDays} days, termination protection ${store.terminationProtection ? 'on' : 'off'})\n`,
        );
      }
      if (s.recovered && !o.quiet) process.stderr.write(`recovered from an interrupted ingest: removed ${s.recovered} uncommitted files\n`);
      if (s.files.read === 0 && !s.interrupted && !o.quiet) {
        process.stderr.write(`no log files found in ${paths.join(' ')}: folders are searched for *.json, *.jsonl, *.ndjson (each optionally .gz) and *.gz; a file named on the command line is read whatever its name\n`);
      }
      for (const p of s.problems.slice(0, LIST_LIMIT)) process.stderr.write(`rejected ${describeProblem(p)}\n`);
      if (s.problems.length > LIST_LIMIT) process.stderr.write(`... and ${s.problems.length - LIST_LIMIT} more (see --json)\n`);
      if (o.onError === 'fail' && s.problems.length) {
        process.stderr.write(`ingest stopped at the first bad input (--on-error fail); nothing was committed\n`);
      }
      if (s.compaction && !o.quiet && !o.json) {
        process.stderr.write(`compacted ${s.compaction.filesMerged} small files into ${s.compaction.filesWritten} (automatic policy)\n`);
      }
      if (s.interrupted) process.stderr.write(`ingest interrupted: nothing from this run was committed (store ${s.store} is unchanged)\n`);
      else if (stop.signal.aborted && s.committed && !s.compaction) {
        process.stderr.write(`interrupted after the commit: the events are stored; the automatic compaction was skipped (traillake compact --store ${s.store})\n`);
      }
      if (o.json) process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
      else if (!o.quiet) process.stderr.write(`${summaryLine(s)}\n`);
      process.exitCode = s.interrupted ? EXIT.interrupted : s.problems.length ? EXIT.rejectedInput : EXIT.ok;
    });
}
