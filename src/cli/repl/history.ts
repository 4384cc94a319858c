// The REPL's persistent history: <home>/repl_history, one entry per line,
// oldest first, the last HISTORY_SIZE kept. A home that cannot hold it costs
// the history, never the session.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const HISTORY_SIZE = 1000;
export const historyFile = (home: string) => join(home, 'repl_history');

/** Entries newest first, as readline wants them. */
export function loadHistory(home: string): string[] {
  try {
    return readFileSync(historyFile(home), 'utf8').split('\n').filter((l) => l.trim() !== '').slice(-HISTORY_SIZE).reverse();
  } catch {
    return [];
  }
}

/** Saves readline's history (newest first). Returns false if it could not be written. */
export function saveHistory(home: string, newestFirst: readonly string[]): boolean {
  try {
    mkdirSync(home, { recursive: true });
    writeFileSync(historyFile(home), `${newestFirst.slice(0, HISTORY_SIZE).reverse().join('\n')}\n`);
    return true;
  } catch {
    return false;
  }
}
