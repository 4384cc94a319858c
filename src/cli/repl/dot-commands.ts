// The REPL's dot-commands: one table, which .help prints and completion reads.
// Each command gets the session and the rest of its line.

import { readFileSync } from 'node:fs';
import { homeCatalog } from '../../exec/query.js';
import { describeStore, listStores } from '../../store/stores.js';
import { UserError } from '../../util/errors.js';
import { formatBytes, formatCount, table } from '../format.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../results.js';
import { schemaText } from './schema.js';
import type { ReplSession } from './session.js';

export interface DotCommand {
  readonly name: string;
  readonly aliases?: readonly string[];
  /** Argument synopsis for .help; absent when the command takes none. */
  readonly args?: string;
  readonly help: string;
  /** Choices for the argument, for completion. */
  readonly choices?: (s: ReplSession | null) => readonly string[];
  run(s: ReplSession, arg: string): Promise<'quit' | void> | 'quit' | void;
}

const storeNames = (s: ReplSession | null) => (s ? listStores(s.home).map((m) => m.store.name) : []);

function onOff(name: string, arg: string): boolean {
  if (arg === 'on') return true;
  if (arg === 'off') return false;
  throw new UserError(`${name} takes on or off, got '${arg}'`);
}

/** A store's canonical name, from its name, id or id prefix. */
function storeNamed(s: ReplSession, name: string): string {
  const hit = homeCatalog(s.home).resolve(name);
  if (!hit) throw new UserError(`no event data store named ${name} (.stores lists them)`);
  return hit.storeName;
}

export const DOT_COMMANDS: readonly DotCommand[] = [
  {
    name: '.help', help: 'this list',
    run: (s) => {
      const width = Math.max(...DOT_COMMANDS.map((c) => `${c.name} ${c.args ?? ''}`.length));
      const lines = DOT_COMMANDS.map((c) => `  ${`${c.name} ${c.args ?? ''}`.padEnd(width)}  ${c.help}`);
      return s.print(`${lines.join('\n')}\n\nSQL statements end with ';' and may span lines. Tab completes keywords, functions, stores and\n` +
        `column paths (userIdentity.<Tab>). Ctrl-C cancels a running query or clears the input; Ctrl-D exits.\n`);
    },
  },
  {
    name: '.stores', help: 'list the event data stores in this home',
    run: (s) => {
      const all = listStores(s.home).map(describeStore);
      if (!all.length) return s.print(`no event data stores in ${s.home} yet (traillake ingest PATH --store NAME)\n`);
      return s.print(`${table(['name', 'status', 'events', 'size', 'oldest event', 'newest event', 'id'],
        all.map((d) => [d.name, d.status, formatCount(d.events), formatBytes(d.bytes), d.oldestEventTime ?? '-', d.newestEventTime ?? '-', d.id]))}\n`);
    },
  },
  {
    name: '.schema', args: '[STORE]', help: 'the columns every store has, with their types (structs read as JSON)', choices: storeNames,
    run: (s, arg) => {
      let head = '';
      if (arg) {
        const d = describeStore(listStores(s.home).find((m) => m.store.name === storeNamed(s, arg))!);
        head = `${d.name}: ${formatCount(d.events)} events, ${d.oldestEventTime ?? '-'} to ${d.newestEventTime ?? '-'}, partitioned by region and date\n\n`;
      }
      return s.print(`${head}${schemaText(s.io.palette)}\n\nNames are case-insensitive: Athena's spelling (useridentity.arn, eventtime) works too.\n`);
    },
  },
  {
    name: '.use', args: 'STORE', help: 'make STORE the default: a SELECT without FROM reads it', choices: storeNames,
    run: (s, arg) => {
      if (!arg) throw new UserError('.use needs a store name (.stores lists them)');
      s.settings.store = storeNamed(s, arg);
      s.note(`default store: ${s.settings.store} (e.g. SELECT eventName, count(*) GROUP BY 1;)`);
    },
  },
  {
    name: '.format', args: OUTPUT_FORMATS.join('|'), help: 'how results print (line: one field per line, nothing cut)', choices: () => OUTPUT_FORMATS,
    run: (s, arg) => {
      if (!OUTPUT_FORMATS.includes(arg as OutputFormat)) throw new UserError(`.format takes ${OUTPUT_FORMATS.join(', ')}; got '${arg}'`);
      s.settings.format = arg as OutputFormat;
    },
  },
  {
    name: '.maxrows', args: 'N', help: 'rows shown by table/line output before the rest is left out (0 = all)',
    run: (s, arg) => {
      if (!/^\d+$/.test(arg)) throw new UserError(`.maxrows takes a whole number (0 = all), got '${arg}'`);
      s.settings.maxRows = Number(arg);
    },
  },
  { name: '.timer', args: 'on|off', help: 'show the time under each result', choices: () => ['on', 'off'], run: (s, arg) => { s.settings.timer = onOff('.timer', arg); } },
  { name: '.stats', args: 'on|off', help: 'show events scanned and pruning after each result', choices: () => ['on', 'off'], run: (s, arg) => { s.settings.stats = onOff('.stats', arg); } },
  {
    name: '.explain', args: 'SQL', help: 'the plans and pruning for a query, without running it',
    run: (s, arg) => {
      if (!arg) throw new UserError('.explain needs a query');
      return s.explain(arg);
    },
  },
  {
    name: '.read', args: 'FILE', help: 'run the statements and dot-commands in FILE',
    run: (s, arg) => {
      if (!arg) throw new UserError('.read needs a file name');
      let text: string;
      try {
        text = readFileSync(arg, 'utf8');
      } catch (e) {
        throw new UserError(`cannot read ${arg}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      return s.read(arg, text);
    },
  },
  {
    name: '.output', args: 'FILE|stdout', help: 'send results to FILE (overwritten), or back to the terminal',
    run: (s, arg) => {
      if (!arg) throw new UserError('.output needs a file name, or stdout');
      s.setOutput(arg === 'stdout' ? null : arg);
      if (arg !== 'stdout') s.note(`results go to ${arg} (.output stdout to stop)`);
    },
  },
  { name: '.quit', aliases: ['.exit'], help: 'leave (Ctrl-D does too)', run: () => 'quit' },
];
