// `traillake bench [--events N] [--out FILE] ...`: runs the benchmark suite
// against DuckDB (bench/run.ts). The suite and DuckDB (a dev dependency) live
// in a source checkout, not in the installed package, so this command runs it
// from there and says how to get one otherwise.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../util/errors.js';
import { packageRoot } from '../package-root.js';

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('benchmark traillake against DuckDB on a generated archive (from a source checkout)')
    .allowUnknownOption().allowExcessArguments()
    .helpOption(false)
    .addHelpText('after', `
Options are the suite's: --events N (default 1000000), --out FILE.json, --archive DIR (reuse an
archive), --runs R, --keep. Results go to bench/results/bench-<N>.{json,md,svg}.

Examples:
  traillake bench                       (the same as npm run bench)
  traillake bench --events 100000 --out /tmp/b.json`)
    .action((_o: unknown, cmd: Command) => {
      const args = cmd.args;
      if (args.includes('--help') || args.includes('-h')) return void cmd.outputHelp();
      const root = packageRoot();
      const entry = join(root, 'dist', 'bench', 'run.js');
      if (!existsSync(entry) || !existsSync(join(root, 'node_modules', '@duckdb', 'node-api'))) {
        throw new UserError('the benchmark suite runs from a source checkout with its dev dependencies: git clone, npm ci, then npm run bench');
      }
      const r = spawnSync(process.execPath, [entry, ...args], { stdio: 'inherit' });
      process.exitCode = r.status ?? 3;
    });
}
