// `traillake export --store NAME [--format ndjson|json]`

import type { Command } from 'commander';
import { exportRecords } from '../../store/export.js';
import { resolveHome, storeDir } from '../../store/layout.js';
import { loadStore } from '../../store/stores.js';
import { UserError } from '../../util/errors.js';
import { write } from '../io.js';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('print every stored record exactly as it was ingested')
    .requiredOption('-s, --store <name>', 'event data store to read')
    .option('--format <format>', 'ndjson (one record per line) or json (one array)', 'ndjson')
    .addHelpText('after', '\nExamples:\n  traillake export --store prod > all.ndjson\n  traillake export --store prod --format json | jq length')
    .action(async (o: { store: string; format: string }, cmd: Command) => {
      if (o.format !== 'ndjson' && o.format !== 'json') throw new UserError(`--format must be ndjson or json, got ${o.format}`);
      const home = resolveHome(cmd.optsWithGlobals().home);
      const m = loadStore(home, o.store);
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
