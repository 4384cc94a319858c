// One REPL session, without the terminal: settings (.format, .timer, ...),
// the statement buffer, the warm worker pool, running a statement and printing
// its result or its error. repl.ts feeds it lines; tests can too.

import { createWriteStream, openSync, type WriteStream } from 'node:fs';
import { explainQuery, runQuery } from '../../exec/query.js';
import { createScanPool, type ScanPool } from '../../exec/pool.js';
import { newStats, type QueryStats } from '../../exec/stats.js';
import { UserError } from '../../util/errors.js';
import { PLAIN, type Palette } from '../color.js';
import { formatCount, formatBytes } from '../format.js';
import { write } from '../io.js';
import { queryProgress } from '../progress.js';
import { footer, formatResult, isHumanFormat, type OutputFormat } from '../results.js';
import { DOT_COMMANDS } from './dot-commands.js';
import { isOnlyComments, splitStatements } from './statements.js';

export interface ReplIo {
  readonly out: NodeJS.WritableStream & { isTTY?: boolean };
  readonly err: NodeJS.WritableStream & { isTTY?: boolean };
  /** Styles for what goes to `out` while it is the terminal, and for `err`. */
  readonly palette: Palette;
  readonly errPalette: Palette;
}

export interface ReplSettings {
  format: OutputFormat;
  timer: boolean;
  stats: boolean;
  /** Rows shown by table/line output before the rest is left out (0 = all). */
  maxRows: number;
  /** The default store (.use): a SELECT without FROM reads it. */
  store: string | null;
}

const MAX_READ_DEPTH = 8;

/** One line of query statistics for people. */
export function statsLine(s: QueryStats): string {
  return `scanned ${formatCount(s.eventsScanned)} events (${formatBytes(s.bytesScanned)}), matched ${formatCount(s.eventsMatched)}; ` +
    `partitions ${s.partitionsScanned}/${s.partitionsTotal}, files ${s.filesScanned}/${s.filesTotal}, row groups ${s.rowGroupsScanned}/${s.rowGroupsTotal}, pages ${s.pagesScanned}/${s.pagesTotal}`;
}

export class ReplSession {
  readonly settings: ReplSettings;
  /** Statements that failed (the exit status of a non-interactive run). */
  failures = 0;
  private buffer = '';
  private running: AbortController | null = null;
  private pool: ScanPool | null = null;
  private file: { path: string; stream: WriteStream } | null = null;
  private readDepth = 0;

  constructor(readonly home: string, readonly io: ReplIo, settings: Partial<ReplSettings> = {}, private readonly threads?: number) {
    this.settings = { format: 'table', timer: true, stats: false, maxRows: 100, store: null, ...settings };
  }

  /** Text typed so far of an unfinished statement. */
  get pending(): boolean {
    return this.buffer.trim() !== '';
  }

  get busy(): boolean {
    return this.running !== null;
  }

  prompt(): string {
    const main = `${this.settings.store ?? 'traillake'}> `;
    return this.pending ? `${'...'.padStart(main.length - 2)}> ` : main;
  }

  clearBuffer(): void {
    this.buffer = '';
  }

  /** Cancels the running statement; false if none runs. */
  cancel(): boolean {
    if (!this.running) return false;
    this.running.abort();
    return true;
  }

  /** Takes one line of input: a dot-command (at the start of a statement) or SQL. Returns 'quit' to end. */
  async feed(line: string): Promise<'quit' | void> {
    if (!this.pending && line.trim().startsWith('.')) return this.dot(line.trim());
    this.buffer += `${line}\n`;
    const { statements, rest } = splitStatements(this.buffer);
    this.buffer = isOnlyComments(rest) ? '' : rest;
    for (const sql of statements) await this.execute(sql);
  }

  /** Runs what is left in the buffer, as if it ended with `;` (end of a piped input or a .read file). */
  async flush(): Promise<void> {
    const sql = this.buffer.trim();
    this.buffer = '';
    if (sql && !isOnlyComments(sql)) await this.execute(sql);
  }

  async dot(line: string): Promise<'quit' | void> {
    const [name = '', ...rest] = line.split(/\s+/);
    const arg = line.slice(name.length).trim();
    const cmd = DOT_COMMANDS.find((c) => c.name === name || c.aliases?.includes(name));
    try {
      if (!cmd) throw new UserError(`unknown command ${name} (.help lists them)`);
      if (!cmd.args && rest.length) throw new UserError(`${cmd.name} takes no argument`);
      return await cmd.run(this, arg);
    } catch (e) {
      this.report(e);
    }
  }

  /** Runs one SQL statement and prints its result (or error). */
  async execute(sql: string): Promise<void> {
    const ac = new AbortController();
    this.running = ac;
    const stats = newStats();
    const progress = queryProgress(this.io.err, stats);
    try {
      const r = await runQuery(sql, { home: this.home, pool: this.warmPool(), signal: ac.signal, defaultStore: this.settings.store ?? undefined, stats });
      progress.done();
      if (r.explain !== undefined) return await this.print(`${r.explain}\n`);
      const { format, maxRows, timer } = this.settings;
      const human = isHumanFormat(format);
      const elapsedMs = timer ? r.stats.executionTimeMs : undefined;
      const palette = this.file ? PLAIN : this.io.palette;
      const moreHint = '.maxrows N or 0 for all, .format csv, or .output FILE';
      for (const s of formatResult(r, format, human ? { maxRows, moreHint, elapsedMs, palette } : {})) await this.print(s);
      if (!human) this.note(footer(r.rows.length, elapsedMs));
      if (this.settings.stats) this.note(statsLine(r.stats));
    } catch (e) {
      progress.done();
      this.report(ac.signal.aborted ? new UserError('query cancelled') : e);
    } finally {
      this.running = null;
    }
  }

  async explain(sql: string): Promise<void> {
    // With the session's pool: EXPLAIN then says where the scan runs as this session would run it.
    await this.print(`${await explainQuery(sql.replace(/;\s*$/, ''), { home: this.home, defaultStore: this.settings.store ?? undefined, pool: this.warmPool() })}\n`);
  }

  /** Feeds every line of a file, then runs a last statement left without `;`. */
  async read(path: string, text: string): Promise<'quit' | void> {
    if (this.readDepth >= MAX_READ_DEPTH) throw new UserError(`.read ${path}: files nest deeper than ${MAX_READ_DEPTH} levels`);
    this.readDepth++;
    try {
      for (const line of text.split(/\r?\n/)) if ((await this.feed(line)) === 'quit') return 'quit';
      await this.flush();
    } finally {
      this.readDepth--;
    }
  }

  /** Sends results to a file (truncated) or, with null, back to the terminal. */
  setOutput(path: string | null): void {
    let next: typeof this.file = null;
    if (path !== null) {
      let fd: number;
      try {
        fd = openSync(path, 'w');
      } catch (e) {
        throw new UserError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      next = { path, stream: createWriteStream('', { fd }) };
    }
    this.file?.stream.end();
    this.file = next;
  }

  get outputPath(): string | null {
    return this.file?.path ?? null;
  }

  /** Result text, to the current output. */
  print(text: string): Promise<void> | void {
    return write(this.file?.stream ?? this.io.out, text);
  }

  /** A message for the person at the terminal (not part of a result). */
  note(text: string): void {
    this.io.err.write(`${this.io.errPalette.dim(text)}\n`);
  }

  report(e: unknown): void {
    this.failures++;
    const p = this.io.errPalette;
    if (e instanceof UserError) this.io.err.write(`${p.red('Error:')} ${e.message}\n`);
    else this.io.err.write(`${p.red('Internal error (please report):')} ${(e as Error)?.stack ?? String(e)}\n`);
  }

  /** The session's worker pool, started at once and kept for every query. */
  warmPool(): ScanPool {
    if (!this.pool) {
      this.pool = createScanPool(this.threads);
      this.pool.warm();
    }
    return this.pool;
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = null;
    if (this.file) {
      const { stream } = this.file;
      await new Promise<void>((resolve) => stream.end(resolve));
      this.file = null;
    }
  }
}
