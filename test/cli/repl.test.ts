// The REPL as a person uses it, in a real terminal (tmux): multi-line input,
// errors then recovery, Ctrl-C during a query and on an empty line, Ctrl-D,
// .schema, Tab completion, history and colour. Piped input covers the
// dot-commands and formats without a terminal.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cli, ROOT, tempDir } from '../helpers.js';
import { HAVE_TMUX, Pane, stopTmux } from '../tmux.js';

let home: string;
beforeAll(() => {
  home = tempDir();
  const r = cli(['--home', home, 'ingest', join(ROOT, 'data/sample'), '--store', 'sample', '--now', '2024-07-03T00:00:00Z', '--quiet']);
  expect(r.status).toBe(0);
});
afterAll(stopTmux);

const repl = (args = '--store sample', env: Record<string, string> = { NO_COLOR: '1' }) =>
  Pane.start(`cd '${ROOT}' && node '${BIN}' --home '${home}' repl ${args}`, env);

describe.skipIf(!HAVE_TMUX)('REPL in a terminal', () => {
  it('runs a multi-line statement, with continuation prompts, and shows rows, types, count and time', async () => {
    const p = repl();
    try {
      await p.waitFor(/sample> $/m);
      p.line('SELECT eventName, count(*) AS n');
      await p.waitFor(/\.\.\.> $/m); // as a person would, type each line at its prompt
      p.line('FROM sample GROUP BY 1');
      await p.waitFor(/GROUP BY 1\n +\.\.\.> $/m);
      p.line('ORDER BY n DESC LIMIT 3;');
      const s = await p.waitFor(/\(3 rows, \d+ ms\)/);
      expect(s).toMatch(/^ +\.\.\.> FROM sample GROUP BY 1$/m);
      expect(s).toMatch(/eventName\s+│ n\nvarchar\s+│ bigint\n─+┼─+\nDescribeInstances │ 210\nAssumeRole\s+│ 174\nGetObject\s+│ 161/);
    } finally { p.kill(); }
  });

  it('shows an error clearly (with a caret for syntax) and carries on', async () => {
    const p = repl();
    try {
      await p.waitFor(/sample> $/m);
      p.line('SELECT eventNme FROM sample;');
      await p.waitFor(/Error: unknown column 'eventNme' \(did you mean 'eventName'\?\)/);
      p.line('SELECT eventName FROM sample WHERE;');
      const s = await p.waitFor(/Error: syntax error at line 1, column \d+: .*\n\s+SELECT eventName FROM sample WHERE\n\s+\^/);
      expect(s).not.toMatch(/at .*\.js:\d+/); // no stack trace
      p.line('SELECT count(*) AS events FROM sample;');
      await p.waitFor(/^1200\s*$/m);
    } finally { p.kill(); }
  });

  it('Ctrl-C cancels a running query (stopping the worker mid-read) and the next query runs', async () => {
    // Every scan task stalls 3 s in its worker: the query would take ~6 s. (A scan this small would run on
    // the main thread, where Ctrl-C waits for it to end: TRAILLAKE_INLINE_ROWS=0 sends it to the workers.)
    const p = repl('--store sample', { NO_COLOR: '1', TRAILLAKE_STALL: 'scan:task=3000', TRAILLAKE_INLINE_ROWS: '0' });
    try {
      await p.waitFor(/sample> $/m);
      // count(eventID), not count(*): COUNT(*) alone is answered from the manifest, without a scan.
      p.line('SELECT count(eventID) AS n FROM sample;');
      await p.waitFor(/\(Ctrl-C cancels\)/);
      const t0 = Date.now();
      p.keys('C-c');
      await p.waitFor(/Error: query cancelled\nsample> $/m, 4000);
      expect(Date.now() - t0).toBeLessThan(4000); // the stalled query needs ~6 s
      p.line('SELECT count(eventID) AS n FROM sample;');
      await p.waitFor(/^1200\s*$/m, 20_000);
    } finally { p.kill(); }
  });

  it('Ctrl-C clears a half-typed statement, says how to leave on an empty line; Ctrl-D exits 0', async () => {
    const p = repl();
    try {
      await p.waitFor(/sample> $/m);
      p.line('SELECT eventName');
      await p.waitFor(/\.\.\.> $/m);
      p.keys('C-c');
      await p.waitFor(/\^C\nsample> $/m);
      p.keys('C-c');
      await p.waitFor(/\(to leave, press Ctrl-D or type \.quit\)\nsample> $/m);
      p.type("SELECT 'typed, never entered' AS t").keys('C-c'); // a half-typed line is dropped too
      await p.waitFor(/type \.quit\)\nsample> \^C\nsample> $/m);
      p.line('SELECT 1 AS one;'); // the cleared statement is gone: this runs alone
      await p.waitFor(/\(1 row, \d+ ms\)/);
      p.keys('C-d');
      await p.waitFor(/\[exited 0\]/);
    } finally { p.kill(); }
  });

  it('.schema shows the column tree with types', async () => {
    const p = repl();
    try {
      await p.waitFor(/sample> $/m);
      p.line('.schema sample');
      const s = await p.waitFor(/Athena's spelling/);
      expect(s).toMatch(/sample: 1,200 events, 2024-07-01T00:00:00Z to 2024-07-02T23:57:36Z/);
      expect(s).toMatch(/^userIdentity\s+json \(struct\)$/m);
      expect(s).toMatch(/^ {4}sessionIssuer\s+json \(struct\)$/m);
      expect(s).toMatch(/^ {6}arn\s+varchar$/m);
      expect(s).toMatch(/^eventTime\s+timestamp$/m);
      expect(s).toMatch(/^readOnly\s+boolean$/m);
    } finally { p.kill(); }
  });

  it('Tab completes keywords, columns, struct fields at any depth, stores and dot-commands', async () => {
    const p = repl();
    try {
      await p.waitFor(/sample> $/m);
      p.type('sel').keys('Tab');
      await p.waitFor(/sample> select$/m);
      p.type(' useridentity.sessionContext.sessionI').keys('Tab');
      await p.waitFor(/sample> select useridentity\.sessionContext\.sessionIssuer$/m);
      p.type('.');
      await p.slowKeys('Tab', 'Tab');
      await p.waitFor(/useridentity\.sessionContext\.sessionIssuer\.arn/);
      p.type('arn, eventn').keys('Tab');
      await p.waitFor(/sessionIssuer\.arn, eventName$/m);
      p.type(' from sam').keys('Tab');
      await p.waitFor(/eventName from sample$/m);
      p.keys('C-e', 'C-u').type('.for').keys('Tab');
      await p.waitFor(/sample> \.format $/m);
      p.type('cs').keys('Tab');
      await p.waitFor(/sample> \.format csv$/m);
    } finally { p.kill(); }
  });

  it('keeps history in the home folder across sessions', async () => {
    const p = repl();
    try {
      await p.waitFor(/sample> $/m);
      p.line("SELECT 'remember me' AS m;");
      await p.waitFor(/\(1 row/);
      p.keys('C-d');
      await p.waitFor(/\[exited 0\]/);
    } finally { p.kill(); }
    expect(readFileSync(join(home, 'repl_history'), 'utf8')).toMatch(/SELECT 'remember me' AS m;/);
    const q = repl();
    try {
      await q.waitFor(/sample> $/m);
      q.keys('Up');
      await q.waitFor(/sample> SELECT 'remember me' AS m;$/m);
    } finally { q.kill(); }
  });

  it('uses colour on a terminal, and none with NO_COLOR', async () => {
    for (const [env, coloured] of [[{}, true], [{ NO_COLOR: '1' }, false]] as const) {
      const p = repl('--store sample', env);
      try {
        await p.waitFor(/sample> $/m);
        p.line('SELECT 1 AS one;');
        const s = await p.waitFor(/\(1 row/, 15_000, true);
        expect(/\x1b\[1mone/.test(s)).toBe(coloured);
      } finally { p.kill(); }
    }
  });
});

describe('REPL with piped input', () => {
  const run = (script: string, args: string[] = ['--store', 'sample']) =>
    cli(['--home', home, 'repl', ...args], { input: script });

  it('runs statements and dot-commands without prompts, in every format', () => {
    const r = run([
      '.format csv', "SELECT eventName, count(*) AS n FROM sample WHERE eventName IN ('CreateUser', 'StopLogging') GROUP BY 1 ORDER BY 1;",
      '.format json', "SELECT 'a' AS x, TIMESTAMP '2024-07-01 00:00:00' AS t;",
      '.format ndjson', "SELECT 1 AS one, userIdentity FROM sample WHERE eventName = 'StopLogging';",
      '.format line', "SELECT eventName, eventTime FROM sample WHERE eventName = 'CreateUser';",
    ].join('\n'));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('eventName,n\r\nCreateUser,1\r\nStopLogging,1\r\n');
    expect(r.stdout).toContain('[\n{"x":"a","t":"2024-07-01T00:00:00Z"}\n]\n');
    expect(r.stdout).toMatch(/\{"one":1,"userIdentity":\{"type":"Root",.*"arn":"arn:aws:iam::100111111122:root"/);
    expect(r.stdout).toMatch(/-\[ row 1 \]-+\neventName = CreateUser\neventTime = 2024-07-01T09:33:36Z\n\(1 row, \d+ ms\)/);
    expect(r.stdout).not.toMatch(/sample>/);
  });

  it('.use makes a SELECT without FROM read the default store', () => {
    const r = run(['.use sample', "SELECT count(*) AS n WHERE eventName = 'ConsoleLogin';", "SELECT count(*) AS n FROM sample WHERE eventName = 'ConsoleLogin';", 'SELECT 40 + 2 AS answer;'].join('\n'), []);
    expect(r.status).toBe(0);
    const counts = [...r.stdout.matchAll(/^(\d+)\s*$/gm)].map((m) => m[1]);
    expect(counts).toEqual(['8', '8', '42']);
  });

  it('.output writes results to a file and .read runs a file; the last statement may lack its semicolon', () => {
    const dir = tempDir();
    const sql = join(dir, 'q.sql');
    writeFileSync(sql, "-- a comment; with a semicolon\n.format csv\nSELECT 'x;y' AS s;\nSELECT count(*) AS n\nFROM sample\n");
    const out = join(dir, 'out.csv');
    const r = run([`.output ${out}`, `.read ${sql}`, '.output stdout', "SELECT 'back' AS w;"].join('\n'));
    expect(r.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('s\r\nx;y\r\nn\r\n1200\r\n');
    expect(r.stdout).toBe('w\r\nback\r\n');
  });

  it('exits 1 when a statement failed, and names unknown dot-commands, stores and files', () => {
    const r = run(['SELECT nope FROM sample;', '.nope', '.use nostore', '.read /no/such/file', '.format xml', 'SELECT 1 AS ok;'].join('\n'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Error: unknown column 'nope'/);
    expect(r.stderr).toMatch(/Error: unknown command \.nope \(\.help lists them\)/);
    expect(r.stderr).toMatch(/Error: no event data store named nostore/);
    expect(r.stderr).toMatch(/Error: cannot read \/no\/such\/file: ENOENT/);
    expect(r.stderr).toMatch(/Error: \.format takes table, line, csv, json, ndjson; got 'xml'/);
    expect(r.stdout).toMatch(/ok\s*\n.*\n.*\n1\s*\n\(1 row/);
  });

  it('.help lists every dot-command; .quit stops reading', () => {
    const r = run('.help\n.quit\nSELECT 1;\n');
    expect(r.status).toBe(0);
    for (const c of ['.help', '.stores', '.schema', '.use', '.format', '.timer', '.stats', '.explain', '.read', '.output', '.maxrows', '.quit']) expect(r.stdout).toContain(c);
    expect(r.stdout).not.toMatch(/\(1 row/);
  });

  it('table output is cut at .maxrows with a note; .timer off and .stats on', () => {
    const r = run(['.maxrows 2', '.timer off', '.stats on', 'SELECT eventName FROM sample ORDER BY eventTime LIMIT 5;'].join('\n'));
    expect(r.stdout).toMatch(/\(5 rows; showing the first 2: \.maxrows N or 0 for all/);
    // ORDER BY eventTime LIMIT: the two files of the first day hold the answer; the others are skipped unread.
    expect(r.stderr).toMatch(/scanned 600 events .* matched 600; partitions 4\/4, files 2\/4, row groups 2\/4/);
  });

  it('refuses an unknown --store before starting', () => {
    const r = run('', ['--store', 'nosuch']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`traillake: no event data store named nosuch in ${home} (traillake store list shows them)\n`);
    expect(existsSync(join(home, 'stores', 'nosuch'))).toBe(false);
  });
});
