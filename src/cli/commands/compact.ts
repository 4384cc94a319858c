// `traillake compact --store NAME [--partition P]...`

import type { Command } from 'commander';
import { resolveHome } from '../../store/layout.js';
import { formatCount, formatMs } from '../format.js';

export function registerCompact(program: Command): void {
  program
    .command('compact')
    .description('merge small data files into well-sized, sorted ones (one atomic commit)')
    .requiredOption('-s, --store <name>', 'event data store to compact')
    .option('-p, --partition <partition...>', 'only these partitions: region=R or region=R/date=YYYY-MM-DD (repeatable)')
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', `
Queries that started before the compaction keep reading the files they planned
with; the files it replaced are deleted once no reader can need them. Ingest
compacts the partitions it writes automatically (see the README's compaction section).

Examples:
  traillake compact --store prod
  traillake compact --store prod --partition region=us-east-1/date=2024-07-01
  traillake compact --store prod --partition region=eu-west-1 --json`)
    .action(async (o: { store: string; partition?: string[]; json?: boolean }, cmd: Command) => {
      const home = resolveHome(cmd.optsWithGlobals().home);
      const [{ DEFAULT_TUNING }, { compactStore }] = await Promise.all([import('../../ingest/pipeline.js'), import('../../store/compact.js')]);
      const s = await compactStore(home, o.store, DEFAULT_TUNING, o.partition);
      if (o.json) return void process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
      if (!s.committed) return void process.stdout.write(`${s.store}: nothing to compact (${formatCount(s.filesBefore)} files)\n`);
      process.stdout.write(
        `${s.store}: merged ${formatCount(s.filesMerged)} files into ${formatCount(s.filesWritten)} in ${formatCount(s.partitions)} partitions ` +
          `(${formatCount(s.rows)} events); ${formatCount(s.filesBefore)} -> ${formatCount(s.filesAfter)} files, ${formatMs(s.elapsedMs)}\n`,
      );
    });
}
