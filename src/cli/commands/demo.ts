// `traillake demo [--home DIR]`: builds the `sample` store from the sample
// archive shipped in data/, in a temporary home unless --home is given, then
// asks it the CloudTrail guides' questions and says how to open the REPL.

import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { resolveHome } from '../../store/layout.js';
import { UserError } from '../../util/errors.js';
import { paletteFor } from '../color.js';
import { formatCount, formatMs } from '../format.js';
import { write } from '../io.js';
import { formatResult } from '../results.js';
import { DEMO_QUESTIONS } from '../demo-questions.js';
import { packageRoot } from '../package-root.js';

/** A path relative to the working folder when it lies inside it, else absolute. */
function shortPath(p: string): string {
  const r = relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : p;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('ingest the sample archive and answer the CloudTrail guides\' questions about it')
    .option('--max-rows <n>', 'rows shown per answer', '10')
    .addHelpText('after', `
Examples:
  traillake demo                       (a temporary home; the demo prints its path)
  traillake --home .demo-home demo     (then: traillake --home .demo-home repl --store sample)`)
    .action(async (o: { maxRows: string }, cmd: Command) => {
      const flag = cmd.optsWithGlobals().home as string | undefined;
      const home = flag ? resolveHome(flag) : mkdtempSync(join(tmpdir(), 'traillake-demo-'));
      const sample = join(packageRoot(), 'data', 'sample');
      if (!existsSync(sample)) throw new UserError(`the sample archive is missing: ${sample}`);
      const p = paletteFor(process.stdout);
      const out = (s: string) => write(process.stdout, s);

      const [{ createScanPool }, { runQuery }, { ingest }] = await Promise.all([import('../../exec/pool.js'), import('../../exec/query.js'), import('../../ingest/pipeline.js')]);
      const s = await ingest({ home, store: 'sample', inputs: [sample], onError: 'skip' });
      await out(`${p.bold('traillake demo')}: ${formatCount(s.events.stored)} new events stored in store 'sample' ` +
        `(${formatCount(s.events.duplicates)} duplicates skipped) from ${shortPath(sample)} in ${formatMs(s.elapsedMs)}; home: ${home}\n`);

      const pool = createScanPool();
      try {
        for (const [i, q] of DEMO_QUESTIONS.entries()) {
          await out(`\n${p.bold(`${i + 1}. ${q.title}`)}\n${p.dim(q.sql)}\n\n`);
          const r = await runQuery(q.sql, { home, pool });
          for (const line of formatResult(r, 'table', { maxRows: Number(o.maxRows) || 0, elapsedMs: r.stats.executionTimeMs, palette: p })) await out(line);
        }
      } finally {
        await pool.close();
      }
      const bin = process.env.npm_lifecycle_event ? 'npx traillake' : 'traillake';
      await out(`\nAsk your own questions in the REPL:\n  ${p.cyan(`${bin} --home ${shortPath(home)} repl --store sample`)}\n`);
    });
}
