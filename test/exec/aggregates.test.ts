// Aggregator: grouping on dictionary indices, on values, on date_trunc buckets
// and on expressions over one dictionary column gives the groups and results a
// plain row-by-row computation gives, NULL keys included, over batches whose
// dictionaries differ (or that have none), read as indices or numbers only or
// as values, and with selections; partials merged
// after a structured clone give the same result; too many groups is an error
// naming the limit.

import { describe, expect, it, vi } from 'vitest';
import { Aggregator } from '../../src/exec/aggregates.js';
import { columnForms, type Batch } from '../../src/exec/agg-input.js';
import type { Dictionary } from '../../src/exec/scan-columns.js';
import { call, col, lit, type Expr } from '../../src/plan/expr.js';
import type { AggCall } from '../../src/plan/logical.js';
import type { Value } from '../../src/plan/types.js';
import { ListEntries } from '../../src/store/dictionary-entries.js';

const HOUR = 3_600_000;
const cols = new Map([['name', 0], ['region', 1], ['t', 2], ['n', 3]]);
const name = col('name', 'varchar'), region = col('region', 'varchar'), t = col('t', 'timestamp'), n = col('n', 'bigint');
const ctx = { now: 0 };

interface Rows { name: Value[]; region: Value[]; t: Value[]; n: Value[] }

/** Rows in runs (as sorted files have them), NULLs in every column. */
function makeRows(len: number, seed: number): Rows {
  const names = ['GetObject', 'PutObject', null, 'ListBuckets', 'AssumeRole'];
  const regions = ['us-east-1', 'eu-west-1', null];
  const r: Rows = { name: [], region: [], t: [], n: [] };
  for (let i = 0; i < len; i++) {
    const k = Math.floor((i + seed) / 7);
    r.name.push(names[(k + seed) % names.length]!);
    r.region.push(regions[(i * 3 + seed) % regions.length]!);
    r.t.push(i % 11 === 0 ? null : 1_700_000_000_000 + ((i * 7919 + seed * 104729) % (30 * HOUR)));
    r.n.push(i % 5 === 0 ? null : (i * 13 + seed) % 17);
  }
  return r;
}

/** A dictionary of `vals` in the given entry order (a different order per batch). */
function dictOf(vals: readonly Value[], order: readonly string[]): Dictionary {
  return { entries: new ListEntries(order), indices: Int32Array.from(vals, (v) => (v === null ? -1 : order.indexOf(v as string))) };
}

/** A batch as a scan makes it: string columns with or without dictionaries (then as indices only, or not), numbers as values or as numbers only. */
function batch(r: Rows, opts: { dict?: boolean; reverse?: boolean; sel?: number[]; indicesOnly?: boolean; numbers?: boolean } = {}): Batch {
  const chunk = { columns: [r.name, r.region, r.t, r.n], length: r.name.length };
  const dicts = new Map<number, Dictionary>();
  if (opts.dict) {
    for (const [c, vals] of [[0, r.name], [1, r.region]] as const) {
      const distinct = [...new Set(vals.filter((v) => v !== null) as string[])].sort();
      dicts.set(c, dictOf(vals, opts.reverse ? distinct.reverse() : distinct));
      if (opts.indicesOnly) chunk.columns[c] = [];
    }
  }
  const numbers = new Map<number, Float64Array>();
  if (opts.numbers) {
    for (const c of [2, 3]) {
      numbers.set(c, Float64Array.from(chunk.columns[c]!, (v) => (v === null ? NaN : (v as number))));
      chunk.columns[c] = [];
    }
  }
  const sel = opts.sel ? Uint32Array.from(opts.sel) : null;
  return { chunk, sel, count: sel ? sel.length : chunk.length, dicts, numbers };
}

const agg = (fn: AggCall['fn'], args: Expr[], distinct = false, type: AggCall['type'] = 'bigint'): AggCall => ({ fn, args, distinct, name: fn, type });

/** Row-by-row reference: the result rows as sorted JSON texts. */
function reference(rows: Rows[], keys: ((r: Rows, i: number) => Value)[], fns: ((vals: { rows: Rows; i: number }[]) => Value)[]): string[] {
  const groups = new Map<string, { key: Value[]; members: { rows: Rows; i: number }[] }>();
  for (const r of rows) {
    for (let i = 0; i < r.name.length; i++) {
      const key = keys.map((k) => k(r, i));
      const id = JSON.stringify(key);
      if (!groups.has(id)) groups.set(id, { key, members: [] });
      groups.get(id)!.members.push({ rows: r, i });
    }
  }
  return [...groups.values()].map((g) => JSON.stringify([...g.key, ...fns.map((f) => f(g.members))])).sort();
}

const resultRows = (a: Aggregator) => {
  const c = a.result();
  return Array.from({ length: c.length }, (_, i) => JSON.stringify(c.columns.map((x) => x[i]))).sort();
};

const pick = (r: Rows, sel: number[]): Rows => ({ name: sel.map((i) => r.name[i]!), region: sel.map((i) => r.region[i]!), t: sel.map((i) => r.t[i]!), n: sel.map((i) => r.n[i]!) });
const nums = (m: { rows: Rows; i: number }[]) => m.map((x) => x.rows.n[x.i]).filter((v): v is number => v !== null);

describe('Aggregator', () => {
  const r1 = makeRows(300, 1), r2 = makeRows(250, 2), r3 = makeRows(200, 3), r4 = makeRows(400, 4), r5 = makeRows(150, 5), r6 = makeRows(350, 6);
  const sel4 = Array.from({ length: 400 }, (_, i) => i).filter((i) => i % 3 !== 1);
  const sel6 = Array.from({ length: 350 }, (_, i) => i).filter((i) => i % 4 !== 2);
  const batches = () => [batch(r1, { dict: true }), batch(r2, { dict: true, reverse: true }), batch(r3), batch(r4, { dict: true, sel: sel4 }),
    batch(r5, { dict: true, indicesOnly: true, numbers: true }), batch(r6, { dict: true, reverse: true, indicesOnly: true, numbers: true, sel: sel6 })];
  const seen = [r1, r2, r3, pick(r4, sel4), r5, pick(r6, sel6)];

  const aggs = [
    agg('count_star', []), agg('count', [n]), agg('sum', [n]), agg('min', [n]), agg('max', [name], false, 'varchar'),
    agg('count', [region], true), agg('avg', [n], false, 'double'), agg('approx_distinct', [call('lower', [name], 'varchar')]),
  ];
  const expected = (keys: ((r: Rows, i: number) => Value)[]) => reference(seen, keys, [
    (m) => m.length,
    (m) => nums(m).length,
    (m) => (nums(m).length ? nums(m).reduce((a, b) => a + b, 0) : null),
    (m) => (nums(m).length ? Math.min(...nums(m)) : null),
    (m) => m.map((x) => x.rows.name[x.i]).filter((v) => v !== null).sort().at(-1) ?? null,
    (m) => new Set(m.map((x) => x.rows.region[x.i]).filter((v) => v !== null)).size,
    (m) => (nums(m).length ? nums(m).reduce((a, b) => a + b, 0) / nums(m).length : null),
    (m) => new Set(m.map((x) => x.rows.name[x.i]).filter((v) => v !== null).map((v) => (v as string).toLowerCase())).size,
  ]);

  const cases: [string, Expr[], ((r: Rows, i: number) => Value)[]][] = [
    ['a dictionary column', [name], [(r, i) => r.name[i]!]],
    ['two dictionary columns', [name, region], [(r, i) => r.name[i]!, (r, i) => r.region[i]!]],
    ['a plain column and an hour bucket', [n, call('date_trunc', [lit('hour', 'varchar'), t], 'timestamp')],
      [(r, i) => r.n[i]!, (r, i) => (r.t[i] === null ? null : Math.floor((r.t[i] as number) / HOUR) * HOUR)]],
    ['an expression over a dictionary column', [call('lower', [name], 'varchar')], [(r, i) => (r.name[i] === null ? null : (r.name[i] as string).toLowerCase())]],
    ['three keys', [region, name, n], [(r, i) => r.region[i]!, (r, i) => r.name[i]!, (r, i) => r.n[i]!]],
  ];

  it.each(cases)('groups by %s as row-by-row evaluation does', (_what, keys, ref) => {
    const a = new Aggregator(keys, aggs);
    for (const b of batches()) a.addBatch(b, cols, ctx);
    expect(resultRows(a)).toEqual(expected(ref));
  });

  it.each(cases)('merges partials grouped by %s (after a structured clone) to the same result', (_what, keys) => {
    const whole = new Aggregator(keys, aggs);
    for (const b of batches()) whole.addBatch(b, cols, ctx);
    const merged = new Aggregator(keys, aggs);
    for (const part of [batches().slice(0, 3), batches().slice(3)]) {
      const w = new Aggregator(keys, aggs);
      for (const b of part) w.addBatch(b, cols, ctx);
      merged.mergePartial(structuredClone(w.partial()));
    }
    expect(resultRows(merged)).toEqual(resultRows(whole));
  });

  it('reads a column as indices or numbers only where nothing needs its values', () => {
    const hour = call('date_trunc', [lit('hour', 'varchar'), t], 'timestamp');
    expect(columnForms([name, hour], [agg('count', [region], true), agg('sum', [n])])).toEqual(new Map([['name', 'indices'], ['t', 'numbers'], ['region', 'indices'], ['n', 'numbers']]));
    expect(columnForms([call('lower', [name], 'varchar')], [agg('max', [name], false, 'varchar'), agg('min', [t], false, 'timestamp')])).toEqual(new Map([['t', 'numbers']]));
    expect(columnForms([call('||', [name, region], 'varchar'), t], [agg('count', [n])])).toEqual(new Map([['t', 'indices']]));
  });

  it('gives one row for a global aggregate over no rows (count 0, others NULL)', () => {
    const a = new Aggregator([], aggs);
    a.addBatch({ ...batches()[0]!, sel: new Uint32Array(0), count: 0 }, cols, ctx);
    expect(resultRows(a)).toEqual([JSON.stringify([0, 0, null, null, null, 0, null, 0])]);
  });

  it('refuses more groups than the limit with an error naming it', async () => {
    vi.stubEnv('TRAILLAKE_MAX_GROUPS', '5');
    vi.resetModules();
    try {
      const m = await import('../../src/exec/aggregates.js');
      const errors = await import('../../src/exec/errors.js');
      const a = new m.Aggregator([n], [agg('count_star', [])]);
      expect(() => a.addBatch(batches()[2]!, cols, ctx)).toThrow(errors.QueryError);
      expect(() => new m.Aggregator([n], [agg('count_star', [])]).addBatch(batches()[2]!, cols, ctx)).toThrow(/more than 5 groups, the limit \(set TRAILLAKE_MAX_GROUPS/);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});
