// `traillake ddl --store NAME --engine duckdb|athena|trino|spark`

import type { Command } from 'commander';
import { ddl, ENGINES, type Engine } from '../../store/ddl.js';
import { resolveHome, storeDir } from '../../store/layout.js';
import { loadStore } from '../../store/stores.js';
import { UserError } from '../../util/errors.js';

export function registerDdl(program: Command): void {
  program
    .command('ddl')
    .description('print the statements that let another engine query a store\'s files in place')
    .requiredOption('-s, --store <name>', 'event data store')
    .requiredOption('-e, --engine <engine>', ENGINES.join(', '))
    .option('--location <uri>', 'where that engine finds the store folder, e.g. s3://bucket/stores/prod (default: this folder)')
    .option('--table <name>', 'table or view name (default: the store name with _ for other characters)')
    .addHelpText('after', `
Examples:
  traillake ddl --store prod --engine duckdb | duckdb
  traillake ddl --store prod --engine athena --location s3://audit-archive/stores/prod
  traillake ddl --store prod --engine spark --location s3a://audit-archive/stores/prod`)
    .action((o: { store: string; engine: string; location?: string; table?: string }, cmd: Command) => {
      if (!(ENGINES as readonly string[]).includes(o.engine)) throw new UserError(`--engine must be one of ${ENGINES.join(', ')}, got ${o.engine}`);
      if (o.table !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(o.table)) throw new UserError(`--table must be letters, digits and _, got ${o.table}`);
      const home = resolveHome(cmd.optsWithGlobals().home);
      const m = loadStore(home, o.store);
      process.stdout.write(ddl(storeDir(home, o.store), m, { engine: o.engine as Engine, location: o.location, table: o.table }));
    });
}
