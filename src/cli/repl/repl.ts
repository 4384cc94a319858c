// The terminal side of the REPL: readline editing, prompts and continuation
// prompts, history, Tab completion, Ctrl-C (cancel the query, or clear the
// input, or say how to quit) and Ctrl-D. Lines are handled one after another;
// input typed while a query runs waits its turn. Without a terminal (piped
// input) there are no prompts, and the exit status says whether all went well.

import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { listStores } from '../../store/stores.js';
import { paletteFor } from '../color.js';
import { complete } from './complete.js';
import { DOT_COMMANDS } from './dot-commands.js';
import { loadHistory, saveHistory, HISTORY_SIZE } from './history.js';
import { ReplSession, type ReplSettings } from './session.js';

export interface ReplOptions {
  readonly home: string;
  readonly settings?: Partial<ReplSettings>;
  readonly threads?: number;
  readonly input?: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly output?: NodeJS.WritableStream & { isTTY?: boolean };
  readonly error?: NodeJS.WritableStream & { isTTY?: boolean };
}

const VERSION = '0.1.0';

/** Runs the REPL until .quit, Ctrl-D or the end of input; resolves to the exit status. */
export async function startRepl(o: ReplOptions): Promise<number> {
  const input = o.input ?? process.stdin, out = o.output ?? process.stdout, err = o.error ?? process.stderr;
  const interactive = input.isTTY === true && out.isTTY === true;
  const session = new ReplSession(o.home, { out, err, palette: paletteFor(out), errPalette: paletteFor(err) }, o.settings, o.threads);
  const rl = createInterface({
    input, output: out, terminal: interactive, prompt: session.prompt(),
    history: interactive ? loadHistory(o.home) : [], historySize: HISTORY_SIZE, removeHistoryDuplicates: true,
    completer: interactive ? (line: string) => complete(line, {
      dotCommands: new Map(DOT_COMMANDS.flatMap((c) => [c.name, ...(c.aliases ?? [])].map((n) => [n, c.choices ? () => c.choices!(session) : null] as const))),
      storeNames: () => listStores(o.home).map((m) => m.store.name),
    }) : undefined,
  });
  session.warmPool(); // workers load while the user types the first query
  let historyOk = true;
  if (interactive) {
    rl.on('history', (h: string[]) => { if (historyOk && !saveHistory(o.home, h)) { historyOk = false; session.note('(history will not be saved: the home folder is not writable)'); } });
    const stores = listStores(o.home).length;
    session.note(`traillake ${VERSION}: SQL over CloudTrail event data stores in ${o.home} (${stores} store${stores === 1 ? '' : 's'}).`);
    session.note(`End statements with ';'. .help for commands, Tab to complete, Ctrl-D or .quit to leave.`);
    rl.prompt();
  }

  let chain: Promise<void> = Promise.resolve();
  let quitting = false;
  const reprompt = () => {
    if (!interactive || quitting) return;
    rl.setPrompt(session.prompt());
    rl.prompt();
  };
  rl.on('line', (line) => {
    chain = chain.then(async () => {
      if (quitting) return;
      if ((await session.feed(line)) === 'quit') {
        quitting = true;
        rl.close();
        return;
      }
      reprompt();
    });
  });
  rl.on('SIGINT', () => {
    if (session.cancel()) return; // the running statement reports "query cancelled"
    const typed = rl.line !== '';
    rl.write(null, { ctrl: true, name: 'e' });
    rl.write(null, { ctrl: true, name: 'u' });
    if (session.pending || typed) {
      session.clearBuffer();
      out.write('^C\n');
    } else {
      out.write('\n');
      session.note('(to leave, press Ctrl-D or type .quit)');
    }
    reprompt();
  });

  await once(rl, 'close');
  await chain; // lines already read still run (piped input ends with 'close' right behind them)
  quitting = true;
  if (!interactive) await session.flush();
  else out.write('\n');
  await session.close();
  return !interactive && session.failures > 0 ? 1 : 0;
}
