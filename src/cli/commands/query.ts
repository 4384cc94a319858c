// `traillake query "SQL" | -f FILE` and `traillake explain "SQL"`.

import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { QueryError } from '../../exec/errors.js';
import { newStats } from '../../exec/stats.js';
import { resolveHome } from '../../store/layout.js';
import { UserError } from '../../util/errors.js';
import { write } from '../io.js';
import { queryProgress } from '../progress.js';
import { formatResult, OUTPUT_FORMATS, type OutputFormat } from '../results.js';

function sqlText(sql: string | undefined, file: string | undefined): string {
  if (sql !== undefined && file !== undefined) throw new UserError('give the SQL as an argument or with -f, not both');
  if (file !== undefined) {
    try { return readFileSync(file, 'utf8'); } catch (e) { throw new UserError(`cannot read ${file}: ${(e as Error).message}`); }
  }
  if (sql === undefined) throw new UserError('no SQL given: traillake query "SELECT ..." or traillake query -f FILE.sql');
  return sql;
}

const EXAMPLES = `
Examples:
  traillake query "SELECT eventName, count(*) AS n FROM prod GROUP BY 1 ORDER BY n DESC LIMIT 10"
  traillake query "SELECT useridentity.arn, sourceipaddress FROM prod WHERE eventname = 'ConsoleLogin' AND eventtime > '2024-01-01 00:00:00'" --format csv
  traillake query -f investigation.sql --format ndjson --stats
Stores are named by name or id; '--timeout' cancels the query after that many seconds.`;

export function registerQuery(program: Command): void {
  program
    .command('query')
    .description('run a SQL query (CloudTrail Lake / Athena dialect) against event data stores')
    .argument('[sql]', 'the query text')
    .option('-f, --file <file>', 'read the query from a file')
    .option('--format <format>', `output format: ${OUTPUT_FORMATS.join(', ')} (default: table on a terminal, csv when piped)`)
    .option('--stats', 'print query statistics as one JSON object on stderr')
    .option('--timeout <seconds>', 'cancel the query after this many seconds')
    .addHelpText('after', EXAMPLES)
    .action(async (sql: string | undefined, o: { file?: string; format?: string; stats?: boolean; timeout?: string }, cmd: Command) => {
      const format = (o.format ?? (process.stdout.isTTY ? 'table' : 'csv')) as OutputFormat;
      if (!OUTPUT_FORMATS.includes(format)) throw new UserError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, got ${o.format}`);
      const timeout = o.timeout === undefined ? undefined : Number(o.timeout);
      if (timeout !== undefined && !(timeout > 0)) throw new UserError(`--timeout must be a positive number of seconds, got ${o.timeout}`);
      const home = resolveHome(cmd.optsWithGlobals().home);
      const text = sqlText(sql, o.file);
      const ac = new AbortController();
      const timer = timeout ? setTimeout(() => ac.abort(), timeout * 1000) : null;
      const onSigint = () => ac.abort();
      process.once('SIGINT', onSigint);
      const stats = newStats();
      const progress = queryProgress(process.stderr, stats);
      try {
        const { runQuery } = await import('../../exec/query.js'); // loaded on use: the CLI starts faster
        const r = await runQuery(text, { home, signal: ac.signal, stats });
        progress.done();
        if (r.explain !== undefined) { await write(process.stdout, `${r.explain}\n`); return; }
        for (const s of formatResult(r, format)) await write(process.stdout, s);
        if (o.stats) process.stderr.write(`${JSON.stringify(r.stats)}\n`);
      } catch (e) {
        if (ac.signal.aborted) throw new QueryError(timeout && !process.exitCode ? `query cancelled after --timeout ${timeout} s` : 'query cancelled');
        throw e;
      } finally {
        progress.done();
        if (timer) clearTimeout(timer);
        process.off('SIGINT', onSigint);
      }
    });

  program
    .command('explain')
    .description('show the logical plan, the optimized plan and the pruning a query will get')
    .argument('[sql]', 'the query text')
    .option('-f, --file <file>', 'read the query from a file')
    .addHelpText('after', '\nExample:\n  traillake explain "SELECT count(*) FROM prod WHERE eventName = \'ConsoleLogin\' AND eventTime > \'2024-01-01 00:00:00\'"')
    .action(async (sql: string | undefined, o: { file?: string }, cmd: Command) => {
      const home = resolveHome(cmd.optsWithGlobals().home);
      const text = sqlText(sql, o.file).replace(/^\s*explain\s+/i, '');
      const { explainQuery } = await import('../../exec/query.js');
      await write(process.stdout, `${await explainQuery(text, { home })}\n`);
    });
}
