// Every maintenance command has --help with examples, and user mistakes give
// one line and exit 1.

import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';

describe('maintenance commands: help and mistakes', () => {
  const home = tempDir();
  const cmds = [['retention', 'apply'], ['compact'], ['verify'], ['key', 'export'], ['ddl'], ['store', 'delete'], ['store', 'restore']];
  for (const c of cmds) {
    it(`${c.join(' ')} --help shows examples`, () => {
      const r = cli([...c, '--help']);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/Examples?:\n  traillake /);
    });
  }

  it('unknown stores and bad flags: one line, exit 1', () => {
    for (const args of [['compact', '--store', 'nope'], ['verify', '--store', 'nope'], ['key', 'export', '--store', 'nope'], ['ddl', '--store', 'nope', '--engine', 'duckdb'], ['store', 'delete', 'nope'], ['retention', 'apply', '--store', 'nope']]) {
      const r = cli(['--home', home, ...args]);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/^traillake: no event data store named nope in .*\n$/);
    }
    expect(cli(['--home', home, 'retention', 'apply', '--now', 'soon']).stderr).toBe('traillake: --now must be an ISO time such as 2024-07-01T00:00:00Z, got soon\n');
  });
});
