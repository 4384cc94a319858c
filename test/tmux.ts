// Driving a program in a real pseudo-terminal, as a person would: tmux runs it
// in a detached session on a private socket; tests type with send-keys and read
// the screen with capture-pane. Skipped with a message where tmux is missing.

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers.js';

export const HAVE_TMUX = spawnSync('tmux', ['-V']).status === 0;
if (!HAVE_TMUX) console.warn('tmux not found: terminal tests are skipped (apt-get install tmux)');

const SOCKET = `traillake-test-${process.pid}`;
let sessions = 0;

function tmux(...args: string[]): string {
  const r = spawnSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Pane {
  private constructor(readonly name: string) {}

  /** Runs `command` (a shell line) in a new 160x50 terminal; "[exited N]" is printed when it ends. */
  static start(command: string, env: Record<string, string> = {}): Pane {
    // A session that lives as long as the tests keeps the server up between panes
    // (killing the last session stops the server, racing the next new-session).
    if (sessions === 0) tmux('new-session', '-d', '-s', 'keepalive', 'sleep 100000');
    const name = `t${++sessions}`;
    const script = join(tempDir('traillake-tmux-'), 'run.sh');
    const exports = Object.entries({ TERM: 'xterm-256color', ...env }).map(([k, v]) => `export ${k}='${v}'`).join('\n');
    writeFileSync(script, `${exports}\n${command}\necho "[exited $?]"\nsleep 600\n`);
    tmux('new-session', '-d', '-s', name, '-x', '160', '-y', '50', `sh ${script}`);
    return new Pane(name);
  }

  /** Types text literally (tmux would take a trailing ';' as its own separator, so ';' goes as a key). */
  type(text: string): this {
    text.split(';').forEach((part, i) => {
      if (i > 0) tmux('send-keys', '-t', this.name, '\\;');
      if (part) tmux('send-keys', '-t', this.name, '-l', part);
    });
    return this;
  }

  /** Presses keys by tmux name: Enter, Tab, C-c, C-d, Up, ... */
  keys(...names: string[]): this {
    for (const k of names) tmux('send-keys', '-t', this.name, k);
    return this;
  }

  /** Presses keys one at a time, letting the program take each before the next (Tab Tab lists completions). */
  async slowKeys(...names: string[]): Promise<this> {
    for (const k of names) {
      await sleep(150);
      tmux('send-keys', '-t', this.name, k);
    }
    return this;
  }

  line(text: string): this {
    return this.type(text).keys('Enter');
  }

  /** The screen and its scrollback; with escapes, colours are kept as SGR sequences. */
  screen(escapes = false): string {
    return tmux('capture-pane', '-p', '-J', ...(escapes ? ['-e'] : []), '-S', '-500', '-t', this.name);
  }

  /** Waits until the screen matches; the screen is in the error when it does not. */
  async waitFor(pattern: RegExp, timeoutMs = 15_000, escapes = false): Promise<string> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const s = this.screen(escapes);
      if (pattern.test(s)) return s;
      if (Date.now() > end) throw new Error(`timed out waiting for ${pattern}; screen:\n${s}`);
      await sleep(100);
    }
  }

  kill(): void {
    try { tmux('kill-session', '-t', this.name); } catch { /* already gone */ }
  }
}

/** Ends the private tmux server (call in afterAll). */
export function stopTmux(): void {
  spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
}
