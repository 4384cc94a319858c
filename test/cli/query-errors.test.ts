// Errors a query meets while it runs print as messages, never as internal
// errors with stack traces, whether the scan runs on the main thread or in a
// worker (errors cross threads without their class): a value the query cannot
// cast, and a data file damaged on disk (its footer, or its first page),
// which is named with the way to check it.

import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers.js';

const home = tempDir();

function firstParquet(dir: string): string {
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) {
      const found = firstParquet(p);
      if (found) return found;
    } else if (p.endsWith('.parquet')) return p;
  }
  return '';
}

/** Overwrites `length` bytes of a file at `at` (negative: from the end). */
function damage(file: string, at: number, length: number): void {
  const b = readFileSync(file);
  const from = at < 0 ? b.length + at : at;
  b.fill(0xff, from, from + length);
  writeFileSync(file, b);
}

let footerFile = '', pageFile = '';
beforeAll(() => {
  for (const store of ['good', 'footer', 'page']) {
    const r = cli(['--home', home, 'ingest', join(ROOT, 'data/sample'), '--store', store, '--quiet']);
    expect(r.status, r.stderr).toBe(0);
  }
  footerFile = firstParquet(join(home, 'stores/footer'));
  damage(footerFile, -20, 12); // inside the thrift footer, before its length and magic
  pageFile = firstParquet(join(home, 'stores/page'));
  damage(pageFile, 4, 64); // the first page header, right after the magic
});

const WHERE = [['on the main thread', {}], ['in a worker', { TRAILLAKE_INLINE_ROWS: '0' }]] as const;

describe('errors while a query runs', () => {
  for (const [where, env] of WHERE) {
    it(`a value that cannot be cast, ${where}: the message, no stack`, () => {
      const r = cli(['--home', home, 'query', 'SELECT count(*) FROM good WHERE CAST(eventName AS bigint) > 3'], { env });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^traillake: cannot cast '\w+' to bigint\n$/);
    });

    it(`a data file with a damaged footer or page, ${where}: the file is named, no stack`, () => {
      for (const [sql, file] of [
        [`SELECT count(*) FROM footer WHERE eventTime >= '2000-01-01 00:00:00'`, footerFile], // prunes no file
        ['SELECT * FROM page', pageFile],
      ] as const) {
        const r = cli(['--home', home, 'query', sql], { env });
        expect(r.status, r.stderr).toBe(1);
        expect(r.stderr).toContain(`cannot read data file ${file}: `);
        expect(r.stderr).toContain(`'traillake verify' checks every file`);
        expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
      }
    });
  }

  it('the undamaged store still answers', () => {
    const r = cli(['--home', home, 'query', 'SELECT count(*) AS n FROM good']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('1200');
  });
});
