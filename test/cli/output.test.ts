// The command line's contract: output formats (csv per RFC 4180, json, ndjson),
// exit codes, clear one-line errors for the mistakes people make (unknown
// store or column, a bad token, a home that is not a folder, a full disk),
// colour rules, and --help with examples on every command.

import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANSI, colorEnabled, paletteFor, PLAIN } from '../../src/cli/color.js';
import { buildProgram } from '../../src/cli/main.js';
import { formatResult } from '../../src/cli/results.js';
import { BIN, cli, ROOT, tempDir } from '../helpers.js';

let home: string;
beforeAll(() => {
  home = tempDir();
  expect(cli(['--home', home, 'ingest', join(ROOT, 'data/sample'), '--store', 'sample', '--now', '2024-07-03T00:00:00Z', '--quiet']).status).toBe(0);
});
const q = (sql: string, ...flags: string[]) => cli(['--home', home, 'query', sql, ...flags]);

describe('output formats', () => {
  const tricky = `SELECT 'a,b' AS comma, 'say "hi"' AS quote, 'line1
line2' AS newline, '' AS empty, NULL AS nothing, 7 AS n`;

  it('csv follows RFC 4180: header row, CRLF, quoting of comma/quote/newline, NULL as an empty field', () => {
    const r = q(tricky, '--format', 'csv');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('comma,quote,newline,empty,nothing,n\r\n"a,b","say ""hi""","line1\nline2","",,7\r\n');
  });

  it('csv is the default when piped', () => {
    expect(q('SELECT 1 AS x').stdout).toBe('x\r\n1\r\n');
  });

  it('json is one array; ndjson one object per row, keys in select-list order; times ISO-8601 UTC; nested values as JSON', () => {
    const sql = "SELECT eventTime, eventName AS name, userIdentity, readOnly, 1 AS one FROM sample WHERE eventName = 'StopLogging'";
    const json = JSON.parse(q(sql, '--format', 'json').stdout) as Record<string, unknown>[];
    expect(json).toHaveLength(1);
    expect(Object.keys(json[0]!)).toEqual(['eventTime', 'name', 'userIdentity', 'readOnly', 'one']);
    expect(json[0]).toMatchObject({ eventTime: '2024-07-01T02:26:24Z', name: 'StopLogging', userIdentity: { type: 'Root' }, one: 1 });
    const lines = q(sql, '--format', 'ndjson').stdout.trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual(json);
    expect(q('SELECT 1 AS x WHERE false', '--format', 'json').stdout).toBe('[]\n');
  });

  it('table shows names, types, cut wide cells and the row count', () => {
    const r = q("SELECT eventName, additionalEventData FROM sample WHERE eventName = 'ConsoleLogin' ORDER BY eventTime LIMIT 2", '--format', 'table');
    expect(r.stdout).toMatch(/^eventName\s+│ additionalEventData\nvarchar\s+│ json\n/);
    expect(r.stdout).toMatch(/…\n/);
    expect(r.stdout).toMatch(/\(2 rows\)\n$/);
  });

  it('formats with a palette only when asked, and NO_COLOR turns colour off even on a terminal', () => {
    const r = { columns: [{ name: 'x', type: 'bigint' as const }], rows: { columns: [[1]], length: 1 } };
    expect([...formatResult(r, 'table', { palette: ANSI })].join('')).toContain('\x1b[1mx');
    expect([...formatResult(r, 'table')].join('')).not.toContain('\x1b[');
    expect(colorEnabled({ isTTY: true }, {})).toBe(true);
    expect(colorEnabled({ isTTY: false }, {})).toBe(false);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: '' })).toBe(true); // no-color.org: present and not empty
    expect(colorEnabled({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(paletteFor({ isTTY: true }, { NO_COLOR: 'x' })).toBe(PLAIN);
  });
});

describe('store names', () => {
  it('a store is found by name, id, or a unique id prefix of 8+ characters, quoted or not', () => {
    const id = (JSON.parse(cli(['--home', home, 'store', 'show', 'sample', '--format', 'json']).stdout) as { id: string }).id;
    for (const name of [id, id.slice(0, 8), `"${id.slice(0, 13)}"`, id.slice(0, 13), 'SAMPLE']) {
      expect(q(`SELECT count(*) AS n FROM ${name}`).stdout, name).toBe('n\r\n1200\r\n');
    }
    expect(q(`SELECT count(*) AS n FROM ${id.slice(0, 7)}`).stderr).toMatch(/unknown store/);
  });
});

describe('exit codes and errors', () => {
  it('a user mistake is one line on stderr and exit 1', () => {
    for (const [args, msg] of [
      [['query', 'SELECT * FROM nosuch'], "traillake: unknown store 'nosuch'\n"],
      [['query', 'SELECT * FROM sampel'], "traillake: unknown store 'sampel' (did you mean 'sample'?)\n"],
      [['query', 'SELECT eventnme FROM sample'], "traillake: unknown column 'eventnme' (did you mean 'eventName'?)\n"],
      [['query', 'SELECT eventName FROM sample WHERE eventName = = 1'], /^traillake: syntax error at line 1, column \d+: .*\n  SELECT eventName FROM sample WHERE eventName = = 1\n\s+\^\n$/],
      [['query', 'SELECT 1', '--format', 'xml'], /^traillake: --format must be one of table, line, csv, json, ndjson, got xml\n$/],
      [['nosuchcommand'], /unknown command 'nosuchcommand'/],
    ] as const) {
      const r = cli(['--home', home, ...args]);
      expect(r.status, args.join(' ')).toBe(1);
      if (typeof msg === 'string') expect(r.stderr).toBe(msg);
      else expect(r.stderr).toMatch(msg);
    }
  });

  it('a home that is a file, or under a file, is refused clearly', () => {
    const file = join(tempDir(), 'not-a-folder');
    writeFileSync(file, 'x');
    let r = cli(['--home', file, 'store', 'list']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`traillake: home folder ${file} is a file, not a folder (use --home DIR or TRAILLAKE_HOME)\n`);
    r = cli(['store', 'list'], { env: { TRAILLAKE_HOME: join(file, 'sub') } });
    expect(r.stderr).toBe(`traillake: cannot use home folder ${join(file, 'sub')}: a part of the path is a file (use --home DIR or TRAILLAKE_HOME)\n`);
  });

  it('a home the user may not read is refused clearly, and so is a store folder they may not read', (ctx) => {
    // Root reads everything, so this runs the CLI as user nobody (65534) through setpriv.
    if (process.getuid?.() !== 0 || spawnSync('setpriv', ['--version']).status !== 0) { ctx.skip(); return; }
    const h = tempDir();
    mkdirSync(join(h, 'stores'));
    const asNobody = (...args: string[]) => spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, '--home', h, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    chmodSync(h, 0o700);
    let r = asNobody('store', 'list');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`traillake: cannot read home folder ${h}: permission denied (use --home DIR or TRAILLAKE_HOME)\n`);
    chmodSync(h, 0o755);
    chmodSync(join(h, 'stores'), 0o700);
    r = asNobody('query', 'SELECT 1 FROM audit');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`traillake: permission denied (${join(h, 'stores')}) [EACCES]\n`);
  });

  it('input that is rejected gives exit 2, and the good input is stored', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'good.json'), JSON.stringify({ Records: [{ eventVersion: '1.08', eventTime: '2024-07-01T00:00:00Z', eventName: 'X', eventID: '11111111-1111-4111-8111-111111111111', awsRegion: 'us-east-1' }] }));
    writeFileSync(join(dir, 'bad.json'), '{"Records": [');
    const h = tempDir();
    const r = cli(['--home', h, 'ingest', dir, '--store', 'mixed', '--now', '2024-07-03T00:00:00Z']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/rejected .*bad\.json/);
    expect(cli(['--home', h, 'query', 'SELECT count(*) AS n FROM mixed']).stdout).toBe('n\r\n1\r\n');
  });

  it('a full output device is a clear error, not a stack trace', () => {
    const r = spawnSync('sh', ['-c', `NO_COLOR=1 node '${BIN}' --home '${home}' query 'SELECT * FROM sample' --format csv > /dev/full`], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^traillake: cannot write to standard output: no space left on device.*\[ENOSPC\]\n$/);
  });

  it('a full disk during ingest fails clearly and leaves the store at its last commit', (ctx) => {
    const mnt = tempDir();
    const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt]);
    if (m.status !== 0) { ctx.skip(); return; } // needs root to mount a small tmpfs
    try {
      const h = join(mnt, 'home');
      mkdirSync(h);
      const r = cli(['--home', h, 'ingest', join(ROOT, 'data/sample'), '--store', 'sample', '--now', '2024-07-03T00:00:00Z', '--quiet']);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^traillake: no space left on device.*stores keep their last committed state.*\[ENOSPC\]\n$/);
      const list = JSON.parse(cli(['--home', h, 'store', 'list', '--format', 'json']).stdout) as { events: number }[];
      expect(list.every((s) => s.events === 0)).toBe(true);
    } finally {
      spawnSync('umount', [mnt]);
    }
  });
});

describe('--help', () => {
  it('every command and subcommand has help with examples', () => {
    const walk = (c: ReturnType<typeof buildProgram>, path: string[]): string[][] =>
      c.commands.flatMap((s) => [[...path, s.name()], ...walk(s, [...path, s.name()])]);
    const all = walk(buildProgram(), []);
    expect(all.map((p) => p.join(' '))).toEqual(expect.arrayContaining(['ingest', 'query', 'explain', 'repl', 'store create', 'store delete', 'store restore', 'export', 'verify', 'retention', 'compact', 'generate', 'bench', 'ddl', 'demo', 'retention apply', 'key export']));
    for (const p of all) {
      const r = cli([...p, '--help']);
      expect(r.status, p.join(' ')).toBe(0);
      expect(r.stdout, p.join(' ')).toMatch(/example/i);
    }
  });

  it('bench runs the suite of a source checkout and documents its options', () => {
    const r = cli(['bench', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/--events N/);
    expect(r.stdout).toMatch(/npm run bench/);
  });
});
