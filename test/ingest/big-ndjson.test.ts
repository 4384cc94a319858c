// NDJSON files over the one-document limit, read in line-aligned pieces: the
// pieces themselves, and ingests of such files (the limit lowered to 200 KB by
// TRAILLAKE_MAX_DOCUMENT_BYTES, so that 4 MB files take ~80 pieces): the same
// records as a whole read, rejections numbered by file line, and a bad file
// refused whole with nothing of it stored.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { generateArchive } from '../../src/gen/generator.js';
import { pieces } from '../../src/ingest/big-ndjson.js';
import { cli, tempDir } from '../helpers.js';

const LIMIT = { TRAILLAKE_MAX_DOCUMENT_BYTES: String(200_000) };

/** The generator's records, one JSON text per line (CloudTrail's copies of a global event in other regions' logs left out). */
function records(): string[] {
  const dir = tempDir();
  generateArchive({ out: dir, events: 3000, days: 1, seed: 21 });
  const lines: string[] = [];
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile() || !e.name.endsWith('.json.gz') || e.parentPath.includes('CloudTrail-Digest')) continue;
    const doc = JSON.parse(gunzipSync(readFileSync(join(e.parentPath, e.name))).toString('utf8')) as { Records: unknown[] };
    for (const r of doc.Records) lines.push(JSON.stringify(r));
  }
  const seen = new Set<string>();
  return lines.filter((l) => {
    const id = (JSON.parse(l) as { eventID: string }).eventID;
    return !seen.has(id) && seen.add(id);
  });
}

const exported = (home: string, store: string) => {
  const r = cli(['--home', home, 'export', '--store', store]);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { eventID: string }).sort((a, b) => (a.eventID < b.eventID ? -1 : 1));
};

describe('large NDJSON files', () => {
  const lines = records();
  const dir = tempDir();
  const text = `${lines.join('\n')}\n`;
  const plain = join(dir, 'events.ndjson');
  writeFileSync(plain, text);
  const gz = join(dir, 'events.jsonl.gz');
  writeFileSync(gz, gzipSync(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])));

  it('come in pieces cut at line ends, numbered by line, the same from gzip (byte-order mark dropped)', async () => {
    for (const path of [plain, gz]) {
      const got: { bytes: Uint8Array; firstLine: number }[] = [];
      for await (const p of pieces(path, 100_000)) got.push(p);
      expect(got.length).toBeGreaterThan(10);
      expect(Buffer.concat(got.map((p) => p.bytes)).toString('utf8')).toBe(text);
      let line = 1;
      for (const [k, p] of got.entries()) {
        expect(p.firstLine).toBe(line);
        const s = Buffer.from(p.bytes).toString('utf8');
        expect(s.endsWith('\n')).toBe(true);
        if (k < got.length - 1) expect(p.bytes.length).toBeGreaterThanOrEqual(100_000);
        line += s.split('\n').length - 1;
      }
    }
  });

  it('are ingested in pieces: the same records as read whole, field by field', () => {
    const whole = tempDir();
    expect(cli(['--home', whole, 'ingest', plain, '--store', 'whole']).status).toBe(0);
    const expected = exported(whole, 'whole');
    expect(expected).toHaveLength(lines.length);
    expect(expected).toEqual(lines.map((l) => JSON.parse(l) as { eventID: string }).sort((a, b) => (a.eventID < b.eventID ? -1 : 1)));
    for (const path of [plain, gz]) {
      const home = tempDir();
      const r = cli(['--home', home, 'ingest', path, '--store', 'pieces', '--json'], { env: LIMIT });
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ files: { read: 1, bad: 0 }, events: { read: lines.length, stored: lines.length } });
      expect(exported(home, 'pieces')).toEqual(expected);
    }
  });

  it('come from standard input as well, copied to a temporary file that is removed after', () => {
    const tmp = tempDir();
    const home = tempDir();
    const r = cli(['--home', home, 'ingest', '-', '--store', 'piped', '--json'], { input: text, env: { ...LIMIT, TMPDIR: tmp } });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ files: { read: 1, bad: 0 }, events: { stored: lines.length } });
    expect(exported(home, 'piped')).toHaveLength(lines.length);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('number rejected records by their line in the file', () => {
    const bad = lines.slice();
    const at = 2900; // in one of the last pieces
    bad[at - 1] = JSON.stringify({ ...(JSON.parse(bad[at - 1]!) as object), eventTime: 'soon' });
    const path = join(tempDir(), 'late.ndjson');
    writeFileSync(path, bad.join('\n'));
    const home = tempDir();
    const r = cli(['--home', home, 'ingest', path, '--store', 'late'], { env: LIMIT });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`late.ndjson record ${at}: unparseable eventTime "soon"`);
    expect(exported(home, 'late')).toHaveLength(lines.length - 1);
  });

  it('refuse a file whole for a bad line in its last piece, keep the other files, and commit nothing with --on-error fail', () => {
    const bad = lines.slice();
    bad[lines.length - 2] = '{"eventVersion": oops}';
    const path = join(tempDir(), 'broken.ndjson');
    writeFileSync(path, bad.join('\n'));
    const other = join(tempDir(), 'other.ndjson');
    writeFileSync(other, lines.slice(0, 5).join('\n'));
    const home = tempDir();
    const r = cli(['--home', home, 'ingest', path, other, '--store', 'broken'], { env: LIMIT });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`broken.ndjson: malformed JSON at line ${lines.length - 1}, column 18`);
    expect(exported(home, 'broken')).toHaveLength(5);
    const failHome = tempDir();
    const f = cli(['--home', failHome, 'ingest', other, path, '--store', 'broken', '--on-error', 'fail'], { env: LIMIT });
    expect(f.status).toBe(2);
    expect(f.stderr).toMatch(/nothing was committed/);
    expect(exported(failHome, 'broken')).toHaveLength(0);
  });

  it('still refuse one large document, a truncated gzip, records that are not CloudTrail and blank lines, with the reason', () => {
    const doc = join(tempDir(), 'doc.json');
    writeFileSync(doc, JSON.stringify({ Records: lines.map((l) => JSON.parse(l) as unknown) }));
    const cut = join(tempDir(), 'cut.jsonl.gz');
    const whole = readFileSync(gz);
    writeFileSync(cut, whole.subarray(0, whole.length >> 1));
    const other = join(tempDir(), 'other.ndjson');
    writeFileSync(other, `${JSON.stringify({ kind: 'not an event', pad: 'x'.repeat(200) })}\n`.repeat(5000));
    const blank = join(tempDir(), 'blank.ndjson');
    writeFileSync(blank, ' \n'.repeat(300_000));
    const home = tempDir();
    const r = cli(['--home', home, 'ingest', doc, cut, other, blank, '--store', 'refused'], { env: LIMIT });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/doc\.json: too large to read at once: \d+ MB of JSON in one document.*NDJSON of any size is read in pieces/);
    expect(r.stderr).toContain('cut.jsonl.gz: truncated gzip (unexpected end of file)');
    expect(r.stderr).toContain('other.ndjson: not CloudTrail: no record has eventVersion, eventSource or eventName');
    expect(r.stderr).toContain('blank.ndjson: empty file (only whitespace)');
    expect(exported(home, 'refused')).toHaveLength(0);
  });
});
