// The traillake command line: one commander program; each command lives in
// commands/. User mistakes print one clear line (exit 1), never a stack trace.

import { Command, CommanderError } from 'commander';
import { UserError } from '../util/errors.js';
import { registerCompact } from './commands/compact.js';
import { registerDdl } from './commands/ddl.js';
import { registerBench } from './commands/bench.js';
import { registerDemo } from './commands/demo.js';
import { registerExport } from './commands/export.js';
import { registerGenerate } from './commands/generate.js';
import { registerIngest } from './commands/ingest.js';
import { registerQuery } from './commands/query.js';
import { registerRepl } from './commands/repl.js';
import { registerRetention } from './commands/retention.js';
import { registerStore } from './commands/store.js';
import { registerVerify } from './commands/verify.js';
import { EXIT } from './io.js';
import { guardOutput, systemErrorMessage } from './system-errors.js';

export function buildProgram(): Command {
  const program = new Command('traillake')
    .description('CloudTrail logs in open Parquet event data stores, queried in SQL: an embedded CloudTrail Lake')
    .version('0.1.0')
    .option('--home <dir>', 'where stores live (default: $TRAILLAKE_HOME, else ~/.traillake)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerIngest(program);
  registerStore(program);
  registerQuery(program);
  registerRepl(program);
  registerExport(program);
  registerRetention(program);
  registerCompact(program);
  registerVerify(program);
  registerDdl(program);
  registerGenerate(program);
  registerDemo(program);
  registerBench(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  guardOutput(process.stdout, 'standard output');
  guardOutput(process.stderr, 'standard error');
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.user;
      return;
    }
    if (e instanceof UserError) {
      process.stderr.write(`traillake: ${e.message}\n`);
      process.exitCode = e.exitCode;
      return;
    }
    const system = systemErrorMessage(e);
    if (system) {
      process.stderr.write(`traillake: ${system}\n`);
      process.exitCode = EXIT.user;
      return;
    }
    process.stderr.write(`traillake: internal error (please report): ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = EXIT.internal;
  }
}
