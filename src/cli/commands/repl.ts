// `traillake repl [--store NAME] [--format F]`: the interactive SQL shell.

import type { Command } from 'commander';
import { resolveHome } from '../../store/layout.js';
import { UserError } from '../../util/errors.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../results.js';

const EXAMPLES = `
Examples:
  traillake repl --store prod
  traillake --home .demo-home repl --store sample
  traillake repl < investigation.sql          (no prompts; exit status 1 if a statement failed)

Inside: SQL ending with ';' (multi-line is fine), Tab completion, and .help for the dot-commands
(.stores, .schema, .use, .format, .timer, .stats, .explain, .read, .output, .maxrows, .quit).
History is kept in <home>/repl_history.`;

export function registerRepl(program: Command): void {
  program
    .command('repl')
    .description('interactive SQL shell over the event data stores')
    .option('--store <name>', 'default store: a SELECT without FROM reads it (like .use)')
    .option('--format <format>', `result format: ${OUTPUT_FORMATS.join(', ')}`, 'table')
    .addHelpText('after', EXAMPLES)
    .action(async (o: { store?: string; format: string }, cmd: Command) => {
      const home = resolveHome(cmd.optsWithGlobals().home);
      if (!OUTPUT_FORMATS.includes(o.format as OutputFormat)) throw new UserError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, got ${o.format}`);
      // Loaded on use: the CLI starts faster.
      const [{ homeCatalog }, { startRepl }] = await Promise.all([import('../../exec/query.js'), import('../repl/repl.js')]);
      let store: string | null = null;
      if (o.store !== undefined) {
        const hit = homeCatalog(home).resolve(o.store);
        if (!hit) throw new UserError(`no event data store named ${o.store} in ${home} (traillake store list shows them)`);
        store = hit.storeName;
      }
      process.exitCode = await startRepl({ home, settings: { store, format: o.format as OutputFormat } });
    });
}
