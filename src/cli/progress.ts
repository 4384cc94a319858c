// One-line progress for long ingests and long queries, drawn on stderr only when it is a TTY.

import type { QueryStats } from '../exec/stats.js';
import type { Progress } from '../ingest/pipeline.js';
import { formatBytes, formatCount } from './format.js';

export function progressBar(stream: NodeJS.WriteStream): { update(p: Progress): void; done(): void } {
  if (!stream.isTTY) return { update() {}, done() {} };
  const start = performance.now();
  let last = 0;
  return {
    update(p) {
      const now = performance.now();
      if (now - last < 100) return;
      last = now;
      const secs = (now - start) / 1000;
      const frac = p.bytesTotal ? p.bytesDone / p.bytesTotal : p.filesTotal ? p.filesDone / p.filesTotal : 0;
      const width = 24;
      const filled = Math.round(frac * width);
      const rate = secs > 0 ? p.events / secs : 0;
      const eta = frac > 0 ? (secs / frac - secs) : NaN;
      const line =
        `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor(frac * 100)}% ` +
        `files ${formatCount(p.filesDone)}/${formatCount(p.filesTotal)}  ${formatBytes(p.bytesDone)}  ` +
        `events ${formatCount(p.events)}  ${formatCount(Math.round(rate))}/s  ETA ${Number.isFinite(eta) ? `${Math.ceil(eta)}s` : '?'}`;
      stream.write(`\r${line.slice(0, (stream.columns || 120) - 1)}\x1b[K`);
    },
    done() {
      stream.write('\r\x1b[K');
    },
  };
}

/** Progress of a running query on stderr (TTY only), shown once it has taken half a second. */
export function queryProgress(stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }, stats: QueryStats): { done(): void } {
  if (!stream.isTTY) return { done() {} };
  const start = performance.now();
  let drawn = false;
  const timer = setInterval(() => {
    const secs = (performance.now() - start) / 1000;
    if (secs < 0.5) return;
    drawn = true;
    const groups = stats.rowGroupsTotal ? `row groups ${formatCount(stats.rowGroupsScanned)}/${formatCount(stats.rowGroupsTotal)}  ` : '';
    const line = `${groups}events ${formatCount(stats.eventsScanned)}  ${secs.toFixed(1)} s  (Ctrl-C cancels)`;
    stream.write(`\r${line.slice(0, (stream.columns || 120) - 1)}\x1b[K`);
  }, 200);
  timer.unref();
  return {
    done() {
      clearInterval(timer);
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
