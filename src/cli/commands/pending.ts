// Commands that are planned but not built yet. They are listed in --help with
// what they will do and fail with a clear "not yet available" (exit 1), so
// scripts and users meet an honest answer rather than "unknown command".

import type { Command } from 'commander';
import { UserError } from '../../util/errors.js';

interface Pending {
  readonly name: string;
  readonly description: string;
  readonly usage: string;
}

export const PENDING: readonly Pending[] = [
  { name: 'verify', description: 'check the integrity digests and data files of a store', usage: 'verify --store NAME [--start-time ISO] [--end-time ISO] [--verbose]' },
  { name: 'retention', description: 'remove events older than the store\'s retention period', usage: 'retention apply [--store NAME] [--now ISO] [--dry-run]' },
  { name: 'compact', description: 'merge small data files into well-sized sorted files', usage: 'compact --store NAME [--partition ...]' },
  { name: 'ddl', description: 'print statements that let DuckDB, Athena, Trino or Spark read a store in place', usage: 'ddl --store NAME --engine duckdb|athena|trino|spark' },
  { name: 'bench', description: 'benchmark traillake against DuckDB on a generated archive', usage: 'bench [--events N] [--out FILE]' },
];

function notYet(what: string): never {
  throw new UserError(`${what} is not yet available in this version of traillake`);
}

export function registerPending(program: Command): void {
  for (const p of PENDING) {
    program.command(p.name).description(`${p.description} (not yet available)`)
      .allowUnknownOption().allowExcessArguments()
      .addHelpText('after', `\nNot yet available. Planned usage, for example:\n  traillake ${p.usage}`)
      .action(() => notYet(`traillake ${p.name}`));
  }
}

/** `store delete` and `store restore`, until termination protection and deletion are built. */
export function registerPendingStoreCommands(store: Command): void {
  for (const [name, what] of [['delete', 'delete a store (after termination protection is off; restorable for 7 days)'], ['restore', 'bring back a store pending deletion']] as const) {
    store.command(name).argument('<name>').description(`${what} (not yet available)`)
      .addHelpText('after', `\nNot yet available. Planned usage, for example:\n  traillake store ${name} prod`)
      .action(() => notYet(`traillake store ${name}`));
  }
}
