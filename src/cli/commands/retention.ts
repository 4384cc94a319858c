// `traillake retention apply [--store NAME] [--now ISO] [--dry-run]`

import type { Command } from 'commander';
import { resolveHome } from '../../store/layout.js';
import type { RetentionResult } from '../../store/retention.js';
import { formatCount } from '../format.js';
import { parseTime } from '../time-flag.js';

function describe(r: RetentionResult): string {
  const would = r.dryRun ? 'would remove' : 'removed';
  switch (r.action) {
    case 'none':
      return `${r.store}: nothing older than ${r.cutoff}`;
    case 'removed': {
      const parts = [
        `${r.store}: ${would} ${formatCount(r.eventsRemoved)} events older than ${r.cutoff}`,
        `(${formatCount(r.filesDropped)} files dropped, ${formatCount(r.filesRewritten)} rewritten)`,
      ];
      const lines = [parts.join(' ')];
      for (const p of r.partitionsDropped) lines.push(`  ${r.dryRun ? 'would drop' : 'dropped'} partition ${p}`);
      for (const p of r.partitionsTrimmed) lines.push(`  ${r.dryRun ? 'would trim' : 'trimmed'} partition ${p}`);
      return lines.join('\n');
    }
    case 'pending-deletion':
      return `${r.store}: pending deletion, purged from ${r.purgeAt} (traillake store restore ${r.store} to keep it)`;
    case 'purged':
      return `${r.store}: ${r.dryRun ? 'would purge' : 'purged'} (pending deletion since 7 days or more): ${formatCount(r.eventsRemoved)} events in ${formatCount(r.filesDropped)} files`;
    default:
      return r.action satisfies never;
  }
}

export function registerRetention(program: Command): void {
  const retention = program.command('retention').description('apply stores\' retention periods')
    .addHelpText('after', '\nExamples:\n  traillake retention apply --dry-run\n  traillake retention apply --store prod');
  retention
    .command('apply')
    .description('remove events older than each store\'s retention period, and purge stores pending deletion for 7 days')
    .option('-s, --store <name>', 'only this store (default: every store)')
    .option('--now <iso>', 'judge as of this time instead of the clock')
    .option('--dry-run', 'show what would be removed, change nothing')
    .option('--json', 'print the results as JSON')
    .addHelpText('after', `
Removes exactly the events whose eventTime is before now - retentionDays, in one
atomic commit per store: partitions entirely past the cut are dropped, files
straddling it are rewritten. Lowering a store's --retention-days takes effect here.

Examples:
  traillake retention apply --dry-run
  traillake retention apply --store prod
  traillake retention apply --store prod --now 2031-01-01T00:00:00Z`)
    .action(async (o: { store?: string; now?: string; dryRun?: boolean; json?: boolean }, cmd: Command) => {
      const home = resolveHome(cmd.optsWithGlobals().home);
      const [{ DEFAULT_TUNING }, { applyRetentionAll }] = await Promise.all([import('../../ingest/pipeline.js'), import('../../store/retention.js')]);
      const results = await applyRetentionAll(home, { name: o.store, now: parseTime('--now', o.now), dryRun: o.dryRun, format: DEFAULT_TUNING });
      if (o.json) return void process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
      if (!results.length) return void process.stdout.write('no event data stores\n');
      process.stdout.write(`${results.map(describe).join('\n')}\n`);
    });
}
