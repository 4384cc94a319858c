// `traillake store create|list|show|update` (delete and restore: see pending.ts)

import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { parseSelectors, type AdvancedEventSelector } from '../../ingest/selectors.js';
import { resolveHome } from '../../store/layout.js';
import {
  createStore, DEFAULT_RETENTION_DAYS, describeStore, listStores, loadStore, MAX_RETENTION_DAYS, MIN_RETENTION_DAYS, updateStore,
  type StoreSettings,
} from '../../store/stores.js';
import { UserError } from '../../util/errors.js';
import { formatBytes, formatCount, table } from '../format.js';
import { registerPendingStoreCommands } from './pending.js';

function readSelectors(path: string): AdvancedEventSelector[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read selectors file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UserError(`selectors file ${path} is not valid JSON: ${(e as Error).message}`);
  }
  return parseSelectors(value, path);
}

interface SettingFlags { retentionDays?: string; terminationProtection?: boolean; selectors?: string }

function settingsFrom(o: SettingFlags): StoreSettings {
  const s: StoreSettings = {};
  if (o.retentionDays !== undefined) {
    const n = Number(o.retentionDays);
    if (!/^\d+$/.test(o.retentionDays)) throw new UserError(`--retention-days must be a whole number of days, got ${o.retentionDays}`);
    s.retentionDays = n;
  }
  if (o.terminationProtection !== undefined) s.terminationProtection = o.terminationProtection;
  if (o.selectors !== undefined) s.selectors = readSelectors(o.selectors);
  return s;
}

function settingOptions(cmd: Command): Command {
  return cmd
    .option('--retention-days <days>', `keep events this many days (${MIN_RETENTION_DAYS}-${MAX_RETENTION_DAYS}; default ${DEFAULT_RETENTION_DAYS} = 7 years)`)
    .addOption(new Option('--termination-protection', 'refuse deletion (default on)'))
    .addOption(new Option('--no-termination-protection', 'allow deletion'))
    .option('--selectors <file>', 'advanced event selectors (CloudTrail Lake JSON) applied at ingest');
}

function printStore(d: ReturnType<typeof describeStore>): string {
  const rows: [string, string][] = [
    ['name', d.name], ['id', d.id], ['status', d.status],
    ['retention', `${d.retentionDays} days`], ['termination protection', d.terminationProtection ? 'on' : 'off'],
    ['selectors', d.advancedEventSelectors ? `${d.advancedEventSelectors.length} advanced event selector(s)` : 'none (all events)'],
    ['events', formatCount(d.events)], ['size', `${formatBytes(d.bytes)} in ${formatCount(d.files)} files, ${formatCount(d.partitions)} partitions`],
    ['oldest event', d.oldestEventTime ?? '-'], ['newest event', d.newestEventTime ?? '-'],
    ['created', d.createdAt], ['updated', d.updatedAt],
  ];
  return rows.map(([k, v]) => `${k.padEnd(24)}${v}`).join('\n');
}

export function registerStore(program: Command): void {
  const store = program.command('store').description('create, list, show and update event data stores')
    .addHelpText('after', '\nExamples:\n  traillake store list\n  traillake store show prod --format json\n  traillake store update prod --retention-days 365');
  const home = (cmd: Command) => resolveHome(cmd.optsWithGlobals().home);

  settingOptions(store.command('create').argument('<name>').description('create an event data store'))
    .addHelpText('after', '\nExamples:\n  traillake store create prod\n  traillake store create audit --retention-days 365 --selectors mgmt-only.json')
    .action((name: string, o: SettingFlags, cmd: Command) => {
      const m = createStore(home(cmd), name, settingsFrom(o));
      process.stdout.write(`created event data store ${m.store.name} (${m.store.id})\n`);
    });

  store.command('list').description('list event data stores')
    .option('--format <format>', 'table or json', 'table')
    .addHelpText('after', '\nExamples:\n  traillake store list\n  traillake --home /data/traillake store list --format json')
    .action((o: { format: string }, cmd: Command) => {
      const all = listStores(home(cmd)).map(describeStore);
      if (o.format === 'json') return void process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
      if (o.format !== 'table') throw new UserError(`--format must be table or json, got ${o.format}`);
      if (!all.length) return void process.stdout.write('no event data stores yet (traillake store create NAME, or ingest into a new name)\n');
      process.stdout.write(`${table(
        ['name', 'status', 'events', 'size', 'retention', 'oldest event', 'newest event'],
        all.map((d) => [d.name, d.status, formatCount(d.events), formatBytes(d.bytes), `${d.retentionDays}d`, d.oldestEventTime ?? '-', d.newestEventTime ?? '-']),
      )}\n`);
    });

  store.command('show').argument('<name>').description('show one event data store')
    .option('--format <format>', 'text or json', 'text')
    .addHelpText('after', '\nExamples:\n  traillake store show prod\n  traillake store show prod --format json | jq .events')
    .action((name: string, o: { format: string }, cmd: Command) => {
      const d = describeStore(loadStore(home(cmd), name));
      if (o.format === 'json') return void process.stdout.write(`${JSON.stringify(d, null, 2)}\n`);
      if (o.format !== 'text' && o.format !== 'table') throw new UserError(`--format must be text or json, got ${o.format}`);
      process.stdout.write(`${printStore(d)}\n`);
    });

  settingOptions(store.command('update').argument('<name>').description('change retention, termination protection or selectors'))
    .option('--no-selectors', 'remove the event selectors (store every event)')
    .addHelpText('after', '\nExamples:\n  traillake store update prod --retention-days 3653\n  traillake store update prod --no-termination-protection')
    .action((name: string, o: Omit<SettingFlags, 'selectors'> & { selectors?: string | false }, cmd: Command) => {
      const settings = settingsFrom({ ...o, selectors: o.selectors === false ? undefined : o.selectors });
      if (o.selectors === false) settings.selectors = null;
      if (Object.keys(settings).length === 0) throw new UserError('nothing to update: give --retention-days, --[no-]termination-protection or --[no-]selectors');
      const m = updateStore(home(cmd), name, settings);
      process.stdout.write(`updated event data store ${m.store.name}\n`);
    });

  registerPendingStoreCommands(store);
}
