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
