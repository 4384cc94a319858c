// `traillake export --store NAME [--format ndjson|json | --format cloudtrail --out DIR]`

import type { Command } from 'commander';
import { exportCloudTrail, exportRecords } from '../../store/export.js';
import { formatCount } from '../format.js';
import { resolveHome, storeDir } from '../../store/layout.js';
import { loadStore } from '../../store/stores.js';
import { UserError } from '../../util/errors.js';
import { write } from '../io.js';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('print every stored record exactly as it was ingested, or write them back as CloudTrail log files')
    .requiredOption('-s, --store <name>', 'event data store to read')
    .option('--format <format>', 'ndjson (one record per line), json (one array), or cloudtrail (gzipped {"Records":[...]} files, needs --out)', 'ndjson')
    .option('--out <dir>', 'with --format cloudtrail: the folder to write AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/ under')
    .addHelpText('after', '\nExamples:\n  traillake export --store prod > all.ndjson\n  traillake export --store prod --format json | jq length\n  traillake export --store prod --format cloudtrail --out restore/ && traillake ingest restore/ --store prod-copy')
    .action(async (o: { store: string; format: string; out?: string }, cmd: Command) => {
      if (o.format !== 'ndjson' && o.format !== 'json' && o.format !== 'cloudtrail') throw new UserError(`--format must be ndjson, json or cloudtrail, got ${o.format}`);
      if ((o.format === 'cloudtrail') !== (o.out !== undefined)) throw new UserError('--out DIR goes with --format cloudtrail (and only with it)');
      const home = resolveHome(cmd.optsWithGlobals().home);
      const m = loadStore(home, o.store);
      if (o.format === 'cloudtrail') {
        const r = await exportCloudTrail(storeDir(home, o.store), m, o.out!);
        process.stderr.write(`wrote ${formatCount(r.records)} records in ${formatCount(r.files)} files under ${o.out}\n`);
        return;
      }
      const out = process.stdout;
      let first = true;
      if (o.format === 'json') await write(out, '[');
      for await (const rec of exportRecords(storeDir(home, o.store), m)) {
        const text = JSON.stringify(rec);
        await write(out, o.format === 'json' ? `${first ? '' : ','}\n${text}` : `${text}\n`);
        first = false;
      }
      if (o.format === 'json') await write(out, first ? ']\n' : '\n]\n');
    });
}
