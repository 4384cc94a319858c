// `traillake generate --out DIR --events N ...`: a synthetic archive in the S3 layout.

import type { Command } from 'commander';
import { generateArchive } from '../../gen/generator.js';
import { UserError } from '../../util/errors.js';
import { formatBytes, formatCount, formatMs } from '../format.js';

function count(flag: string, v: string | undefined, min = 1): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min) throw new UserError(`${flag} must be a whole number >= ${min}, got ${v}`);
  return Number(v);
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('write a synthetic CloudTrail archive in the S3 delivery layout')
    .requiredOption('--out <dir>', 'folder to write AWSLogs/ into')
    .requiredOption('--events <n>', 'number of events')
    .option('--seed <n>', 'random seed (same seed, same bytes)', '1')
    .option('--start <iso>', 'first event time', '2024-07-01T00:00:00Z')
    .option('--days <n>', 'days covered', '7')
    .option('--accounts <n>', 'AWS accounts', '3')
    .option('--regions <list>', 'comma-separated regions', 'us-east-1,us-west-2,eu-west-1,ap-southeast-2')
    .addHelpText('after', '\nExamples:\n  traillake generate --out /tmp/archive --events 1000000\n  traillake generate --out data/sample --events 2000 --days 3 --seed 7')
    .action((o: Record<string, string>) => {
      if (Number.isNaN(Date.parse(o.start!))) throw new UserError(`--start must be an ISO time, got ${o.start}`);
      const t0 = performance.now();
      const r = generateArchive({
        out: o.out!, events: count('--events', o.events)!, seed: count('--seed', o.seed, 0), start: o.start,
        days: count('--days', o.days), accounts: count('--accounts', o.accounts), regions: o.regions!.split(',').map((s) => s.trim()).filter(Boolean),
      });
      process.stderr.write(
        `wrote ${formatCount(r.events)} events in ${formatCount(r.files)} log files (+${formatCount(r.digests)} digests), ` +
          `${formatBytes(r.bytes)} gzipped from ${formatBytes(r.rawBytes)} JSON (${Math.round(r.rawBytes / Math.max(1, r.events))} B/event raw), ${formatMs(performance.now() - t0)}\n`,
      );
    });
}
