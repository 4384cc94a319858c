// The public query collections' answers against DuckDB. Each in-scope query of
// test/sql/corpus.ts runs on traillake over a store of the real corpus (ingested
// with the CLI) and, translated from the Trino dialect, on DuckDB over the same
// raw records read with the plain oracle loaders of test/helpers.ts (not
// traillake's parser), deduplicated as traillake stores them. The answers must
// be equal as multisets of rows.
//
// The translation is a set of DuckDB macros (Trino functions by their Trino
// meaning) and a few text rewrites applied to every query alike (`translate`
// below); nothing looks at a particular query. Queries DuckDB cannot run even
// so, and deliberate differences of traillake, are listed with the reason.

import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQuery } from '../../src/exec/query.js';
import { cli, corpusFiles, HAVE_CORPUS, oracleTime, REAL, storableOracle, tempDir } from '../helpers.js';
import { inScopeQueries, mapPlaceholders } from './corpus.js';

/**
 * Queries DuckDB cannot run even with the macros and rewrites below (its own
 * dialect's limits), with the reason. None at present: every in-scope query runs.
 */
const DUCKDB_UNSUPPORTED: Record<string, string> = {};

/**
 * Queries whose answers differ on purpose (traillake's documented differences
 * from Trino: lenient coercions, exact approx_distinct, the regexp engine), with
 * the reason. None at present.
 */
const DOCUMENTED_DIFFERENCE: Record<string, string> = {};

/** The least number of queries whose answers are compared: all of them. */
const MIN_COMPARED = 108;
/**
 * The least number of comparisons (queries as written, or without their time
 * window) whose answer has rows: 51 today. The store keeps what is within the
 * default retention judged from today, so the oldest corpus events age out.
 */
const MIN_ANSWERED = 45;

// --- The DuckDB side ---------------------------------------------------------

const V = 'VARCHAR';
const SESSION_ISSUER = `STRUCT(type ${V}, principalId ${V}, arn ${V}, accountId ${V}, userName ${V})`;
/** userIdentity as CloudTrail's record contents reference describes it. */
const USER_IDENTITY = `STRUCT(type ${V}, principalId ${V}, arn ${V}, accountId ${V}, accessKeyId ${V}, userName ${V},
  invokedBy ${V}, identityProvider ${V}, credentialId ${V},
  sessionContext STRUCT(sessionIssuer ${SESSION_ISSUER}, webIdFederationData STRUCT(federatedProvider ${V}, attributes JSON),
    attributes STRUCT(creationDate ${V}, mfaAuthenticated ${V}), sourceIdentity ${V}, ec2RoleDelivery ${V}, assumedRoot ${V}),
  onBehalfOf STRUCT(userId ${V}, identityStoreArn ${V}),
  inScopeOf STRUCT(issuerType ${V}, credentialsIssuedTo ${V}, issuerAccountId ${V}))`;

/**
 * The table's columns, in the order CloudTrail writes a record (and `SELECT *`
 * lists them), and `eventJson`, the whole record.
 */
const COLUMNS: [string, string][] = [
  ['eventVersion', V], ['userIdentity', USER_IDENTITY], ['eventTime', 'TIMESTAMP'], ['eventSource', V], ['eventName', V],
  ['awsRegion', V], ['sourceIPAddress', V], ['userAgent', V], ['errorCode', V], ['errorMessage', V],
  ['requestParameters', 'JSON'], ['responseElements', 'JSON'], ['additionalEventData', 'JSON'], ['requestID', V],
  ['eventID', V], ['readOnly', 'BOOLEAN'], ['resources', 'JSON'], ['eventType', V], ['apiVersion', V],
  ['managementEvent', 'BOOLEAN'], ['recipientAccountId', V], ['sharedEventID', V], ['serviceEventDetails', 'JSON'],
  ['vpcEndpointId', V], ['vpcEndpointAccountId', V], ['eventCategory', V], ['addendum', 'JSON'],
  ['sessionCredentialFromConsole', V], ['edgeDeviceDetails', 'JSON'],
  ['tlsDetails', `STRUCT(tlsVersion ${V}, cipherSuite ${V}, clientProvidedHostHeader ${V})`],
  ['insightDetails', 'JSON'], ['eventContext', 'JSON'],
  ['eventJson', 'JSON'],
];

/** Trino functions by their Trino meaning. */
const MACROS = [
  // element_at on a JSON object (by key, text; nested values as JSON text) or a JSON array (1-based).
  `CREATE MACRO tl_element_at(j, k) AS CASE WHEN typeof(k) = 'VARCHAR'
     THEN json_extract_string(j, '$."' || CAST(k AS VARCHAR) || '"')
     ELSE CAST(json_extract(j, '$[' || CAST(TRY_CAST(k AS BIGINT) - 1 AS VARCHAR) || ']') AS VARCHAR) END`,
  // A member of a JSON row (element_at(resources, 1).arn): names are case-insensitive in Trino.
  `CREATE MACRO tl_field(j, name) AS json_extract_string(j,
     '$."' || list_filter(json_keys(j), k -> lower(k) = lower(name))[1] || '"')`,
  // Trino's json_extract_scalar: NULL for an object or array.
  `CREATE MACRO json_extract_scalar(j, p) AS CASE WHEN json_type(json_extract(j, p)) IN ('OBJECT', 'ARRAY') THEN NULL
     ELSE json_extract_string(j, p) END`,
  `CREATE MACRO json_array_get(j, i) AS json_extract(j, '$[' || CAST(i AS VARCHAR) || ']')`,
  `CREATE MACRO json_parse(s) AS json(s)`,
  `CREATE MACRO json_format(j) AS CAST(j AS VARCHAR)`,
  `CREATE MACRO from_iso8601_timestamp(s) AS CAST(CAST(s AS TIMESTAMPTZ) AS TIMESTAMP)`,
  // Trino's date_format takes MySQL's specifiers; %i (minutes) is strftime's %M.
  `CREATE MACRO date_format(t, f) AS strftime(t, replace(f, '%i', '%M'))`,
  `CREATE MACRO tl_date_add(unit, n, t) AS t + CAST(CAST(n AS VARCHAR) || ' ' || unit AS INTERVAL)`,
  `CREATE MACRO day_of_week(t) AS isodow(t)`,
  `CREATE MACRO date(t) AS CAST(t AS DATE)`,
  `CREATE MACRO regexp_like(s, p) AS regexp_matches(s, p)`,
  // Trino's regexp_extract is NULL when the pattern does not match (DuckDB's gives '').
  `CREATE MACRO tl_regexp_extract(s, p, g) AS CASE WHEN regexp_matches(s, p) THEN regexp_extract(s, p, g) END`,
];

/** Balanced-parenthesis argument list starting at `open` (the index of '('); returns the index after ')'. */
function closeParen(sql: string, open: number): number {
  let depth = 0;
  let quote = false;
  for (let i = open; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'") quote = !quote;
    else if (!quote && c === '(') depth++;
    else if (!quote && c === ')' && --depth === 0) return i + 1;
  }
  return -1;
}

/**
 * Trino (CloudTrail Lake / Athena) SQL → DuckDB SQL, by rewrites that apply to
 * any query: Athena's partition columns, renamed functions whose DuckDB
 * namesake means something else, `element_at(...).field` (a member of a JSON
 * row), and `SELECT *` without the helper column eventJson.
 */
function translate(sql: string): string {
  let s = sql
    .replace(/\bregion_partition\b/gi, 'awsRegion')
    .replace(/\baccount_partition\b/gi, 'recipientAccountId')
    .replace(/\bdate_partition\b/gi, `strftime(eventTime, '%Y/%m/%d')`)
    .replace(/\belement_at\s*\(/gi, 'tl_element_at(')
    .replace(/\bregexp_extract\s*\(/gi, 'tl_regexp_extract(')
    .replace(/\bdate_add\s*\(/gi, 'tl_date_add(')
    // The collections write `< =`, which traillake reads as `<=` and DuckDB's parser refuses.
    .replace(/([<>])\s+=/g, '$1=')
    // An ISO time text with a zone: DuckDB's cast to TIMESTAMP would drop the
    // offset, traillake (like Trino) reads it as that instant.
    .replace(/'(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d))'/gi,
      `CAST(CAST('$1' AS TIMESTAMPTZ) AS TIMESTAMP)`);
  // tl_element_at(...).field → tl_field(tl_element_at(...), 'field')
  for (let at = s.search(/\btl_element_at\(/); at >= 0; ) {
    const end = closeParen(s, at + 'tl_element_at'.length);
    const m = /^\s*\.\s*(\w+)/.exec(s.slice(end));
    if (end > 0 && m) s = `${s.slice(0, at)}tl_field(${s.slice(at, end)}, '${m[1]}')${s.slice(end + m[0].length)}`;
    const next = s.slice(at + 1).search(/\btl_element_at\(/);
    at = next < 0 ? -1 : at + 1 + next;
  }
  return s.replace(/\bSELECT\s+\*\s+FROM\s+corpus\b/gi, 'SELECT * EXCLUDE (eventJson) FROM corpus');
}

/** The query with its time bounds made TRUE (see the test below). */
const widen = (sql: string): string =>
  sql.replace(/\b(eventTime|date_partition)\s*(<\s*=|>\s*=|<|>|=)\s*'[^']*'/gi, 'TRUE');

// --- Comparing answers -------------------------------------------------------

type Row = unknown[];

/** JSON by content: keys sorted. */
const canonJson = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(canonJson)
    : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonJson((v as Record<string, unknown>)[k])]))
      : v;

/**
 * A DuckDB STRUCT value (userIdentity, tlsDetails selected whole) as the JSON
 * traillake gives for a struct: a field that is null, or a struct whose fields
 * are all null, is left out (in a struct, absent and null are the same).
 */
function structJson(x: object): unknown {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) {
    const w = v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) ? structJson(v) : v;
    if (w !== null && w !== undefined && !(typeof w === 'object' && Object.keys(w).length === 0)) out[k] = w;
  }
  return out;
}

/**
 * One value in a comparable form: timestamps → epoch ms, bigint → number, text
 * holding a JSON object or array → its content, arrays (array_agg) → their
 * elements sorted (an array_agg without ORDER BY has no order to compare).
 */
function norm(x: unknown): unknown {
  if (typeof x === 'bigint') return Number(x);
  if (x instanceof Date) return x.getTime();
  if (typeof x === 'string' && /^\s*[[{]/.test(x)) {
    try {
      return `json:${JSON.stringify(canonJson(JSON.parse(x)))}`;
    } catch {
      return x;
    }
  }
  if (Array.isArray(x)) return x.map(norm).sort((a, b) => String(JSON.stringify(a)).localeCompare(String(JSON.stringify(b))));
  if (x && typeof x === 'object') return `json:${JSON.stringify(canonJson(structJson(x)))}`;
  return x;
}

// Tolerance only for non-integers: epoch ms and counts must match exactly.
const close = (a: unknown, b: unknown): boolean =>
  a === b || (typeof a === 'number' && typeof b === 'number' && !(Number.isInteger(a) && Number.isInteger(b)) &&
    Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b))) ||
  (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => close(x, b[i])));
const sortKey = (r: Row) => JSON.stringify(r.map((x) => (typeof x === 'number' && !Number.isInteger(x) ? +x.toPrecision(9) : x)));
const sorted = (rows: Row[]) => [...rows].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));

function expectSameRows(got: Row[], want: Row[]) {
  expect(got.length, 'row count').toBe(want.length);
  const g = sorted(got);
  const w = sorted(want);
  g.forEach((r, i) => {
    if (!(r.length === w[i].length && r.every((x, j) => close(x, w[i][j])))) {
      const cols = r.flatMap((x, j) => (close(x, w[i][j]) ? [] : [j]));
      expect(cols.map((j) => r[j]), `row ${i}, columns ${cols.join(', ')}`).toStrictEqual(cols.map((j) => w[i][j]));
    }
  });
}

/** `got` is a sub-multiset of `want` (a LIMIT without ORDER BY may return any of the rows). */
function expectSubset(got: Row[], want: Row[]) {
  const left = new Map<string, number>();
  for (const r of want) left.set(sortKey(r), (left.get(sortKey(r)) ?? 0) + 1);
  for (const r of got) {
    const n = left.get(sortKey(r)) ?? 0;
    expect(n, `row ${sortKey(r)} is in the full answer`).toBeGreaterThan(0);
    left.set(sortKey(r), n - 1);
  }
}

// --- The test ----------------------------------------------------------------

const DAY_MS = 86_400_000;

/**
 * traillake's storage rule (README, "Storage"): a known field whose value does
 * not have its column's type (`"readOnly": "True"`, `"sessionCredentialFromConsole": true`)
 * is kept in the residual `_extra`, so SQL reads that column as NULL, where
 * Trino would cast it. The oracle applies the same rule to the flat typed
 * columns (DuckDB's read_json would cast), so that these records still take
 * part in the comparison of every other column.
 */
function typedOnly(rec: Record<string, unknown>): Record<string, unknown> {
  const out = { ...rec };
  for (const [name, type] of COLUMNS) {
    const v = out[name];
    if (v === undefined || v === null) continue;
    if ((type === V && typeof v !== 'string') || (type === 'BOOLEAN' && typeof v !== 'boolean')) delete out[name];
  }
  return out;
}

/** The documented content-derived eventID: SHA-256 of the record with keys sorted, shaped as a UUID. */
function derivedId(rec: Record<string, unknown>): string {
  const canon = (v: unknown): string => Array.isArray(v) ? `[${v.map(canon).join(',')}]`
    : v && typeof v === 'object' ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canon((v as Record<string, unknown>)[k])}`).join(',')}}`
      : JSON.stringify(v) ?? 'null';
  const h = createHash('sha256').update(canon(rec)).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

describe.skipIf(!HAVE_CORPUS)('public CloudTrail query collections: answers equal DuckDB', () => {
  let home = '';
  let duck: DuckDBInstance;
  let con: DuckDBConnection;
  const compared: string[] = [];
  const answered: string[] = [];

  beforeAll(async () => {
    home = tempDir();
    const before = Date.now();
    const r = cli(['--home', home, 'ingest', REAL, '--store', 'corpus', '--quiet']);
    expect([0, 2]).toContain(r.status);
    const after = Date.now();
    const show = cli(['--home', home, 'store', 'show', 'corpus', '--format', 'json']);
    const { retentionDays, events } = JSON.parse(show.stdout) as { retentionDays: number; events: number };

    // The records traillake must hold: a parseable eventTime, not past the
    // retention judged at ingest time, the first of each eventID in its
    // partition (awsRegion, UTC date), as test/cli/roundtrip.test.ts describes.
    const cutFrom = before - retentionDays * DAY_MS;
    const cutTo = after - retentionDays * DAY_MS;
    const seen = new Set<string>();
    const records: Record<string, unknown>[] = [];
    for (const f of corpusFiles()) {
      for (const rec of storableOracle(f)) {
        const t = oracleTime(rec.eventTime as string);
        expect(t < cutFrom || t >= cutTo, 'no event within the ingest run of the retention cut').toBe(true);
        if (t < cutTo) continue;
        if (rec.eventID !== undefined) {
          const key = JSON.stringify([rec.eventID, rec.awsRegion, t]);
          if (seen.has(key)) continue;
          seen.add(key);
        }
        // A record without a string eventID is stored with an ID derived from its
        // content, as the README's "Idempotent by eventID" documents.
        const eventID = typeof rec.eventID === 'string' ? rec.eventID : derivedId(rec);
        records.push({ ...typedOnly(rec), eventID, eventTime: new Date(t).toISOString(), eventJson: rec });
      }
    }
    expect(records.length).toBe(events);

    const ndjson = join(home, 'events.ndjson');
    writeFileSync(ndjson, records.map((x) => JSON.stringify(x)).join('\n'));
    duck = await DuckDBInstance.create(':memory:');
    con = await duck.connect();
    await con.run(`SET TimeZone = 'UTC'`);
    const cols = COLUMNS.map(([n, t]) => `${n}: '${t.replace(/\s+/g, ' ')}'`).join(', ');
    await con.run(`CREATE TABLE corpus AS SELECT * FROM read_json('${ndjson}', format = 'newline_delimited', columns = {${cols}})`);
    for (const m of MACROS) await con.run(m);
  });
  afterAll(() => con?.closeSync());

  async function traillake(sql: string): Promise<Row[]> {
    const res = await runQuery(sql, { home, threads: 0 });
    const { columns, length } = res.rows;
    // A date is a day number; DuckDB's is a Date at UTC midnight, compared as epoch ms.
    const isDate = res.columns.map((c) => c.type === 'date');
    return Array.from({ length }, (_, i) => columns.map((c, j) => {
      const v = c[i];
      return isDate[j] && typeof v === 'number' ? v * DAY_MS : norm(v);
    }));
  }
  async function duckdb(sql: string): Promise<Row[]> {
    const reader = await con.runAndReadAll(sql);
    return (reader.getRowsJS() as unknown[][]).map((r) => r.map(norm));
  }

  /** Compares the answers of one query; returns the number of rows. */
  async function compare(sql: string): Promise<number> {
    // A final LIMIT leaves the answer open when rows tie on the ORDER BY keys
    // (or when there is no ORDER BY at all). Both engines then run the query
    // without it, so the comparison is exact; traillake also runs it as
    // written, and its rows must be as many as LIMIT allows and all of them
    // rows of the full answer.
    const limit = /\bLIMIT\s+(\d+)\s*$/i.exec(sql.trim());
    const full = limit ? sql.trim().slice(0, limit.index) : sql;
    const want = await duckdb(translate(full));
    expectSameRows(await traillake(full), want);
    if (limit) {
      const got = await traillake(sql);
      expect(got.length).toBe(Math.min(want.length, Number(limit[1])));
      expectSubset(got, want);
    }
    return want.length;
  }

  // The translation itself, on constructs the collections use rarely or not at
  // all, compared the same way.
  it.each([
    `SELECT eventID FROM corpus WHERE eventTime >= '2021-05-01T02:00:00+02:00' AND eventtime < '2022-01-01T00:00:00Z'`,
    `SELECT eventID, eventTime FROM corpus WHERE eventTime BETWEEN TIMESTAMP '2020-01-01 00:00:00' AND from_iso8601_timestamp('2021-06-30T12:00:00Z')`,
    `SELECT date_partition, region_partition, account_partition, count(*) FROM corpus WHERE date_partition >= '2020/06/01' GROUP BY 1, 2, 3`,
    `SELECT date_format(eventTime, '%Y-%m-%d %H:%i'), day_of_week(eventTime), date(eventTime) FROM corpus WHERE eventTime > date_add('day', -3000, TIMESTAMP '2026-01-01 00:00:00')`,
    `SELECT element_at(resources, 1).arn, element_at(resources, 2).accountId, element_at(requestParameters, 'bucketName') FROM corpus WHERE resources IS NOT NULL`,
    `SELECT json_extract_scalar(requestParameters, '$.roleArn'), json_array_get(json_extract(responseElements, '$.instancesSet.items'), 0) FROM corpus WHERE eventName IN ('AssumeRole', 'RunInstances')`,
    `SELECT regexp_extract(userAgent, '^([A-Za-z-]+)/', 1), regexp_like(sourceIPAddress, '^[0-9]+[.]'), count(*) FROM corpus GROUP BY 1, 2`,
  ])('translation: %s', async (sql) => {
    expect(await compare(sql)).toBeGreaterThan(0);
  });

  for (const q of inScopeQueries) {
    const skip = DUCKDB_UNSUPPORTED[q.id] ?? DOCUMENTED_DIFFERENCE[q.id];
    if (skip) {
      it.skip(`${q.id} (${skip})`, () => {});
      continue;
    }
    const sql = mapPlaceholders(q.sql);
    it(q.id, async () => {
      const rows = await compare(sql);
      compared.push(q.id);
      if (rows > 0) answered.push(q.id);
    });
    // Most queries look at a time window the corpus has few events in, so
    // their answer is empty on both sides. The same query without its time
    // bounds (each `eventTime <op> '...'` and `date_partition <op> '...'`
    // comparison made TRUE, the same text for both engines) compares rows.
    const wide = widen(sql);
    if (wide !== sql) {
      it(`${q.id} without its time window`, async () => {
        if ((await compare(wide)) > 0) answered.push(`${q.id} (wide)`);
      });
    }
  }

  it('compares enough queries, and lists every one it leaves out', () => {
    const left = inScopeQueries.filter((q) => DUCKDB_UNSUPPORTED[q.id] ?? DOCUMENTED_DIFFERENCE[q.id]);
    expect(compared.length + left.length).toBe(inScopeQueries.length);
    expect(compared.length).toBeGreaterThanOrEqual(MIN_COMPARED);
    // Many queries filter on times or names the corpus does not have: an empty
    // answer on both sides is a comparison too, but most must return rows.
    expect(answered.length).toBeGreaterThanOrEqual(MIN_ANSWERED);
  });
});
