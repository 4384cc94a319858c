// filterRows: conjuncts over one dictionary-encoded column, evaluated once per
// dictionary entry, select exactly the rows plain row-by-row evaluation does,
// NULLs and three-valued logic included.

import { describe, expect, it } from 'vitest';
import { evaluate, selection } from '../../src/exec/eval.js';
import { filterRows } from '../../src/exec/filter.js';
import type { Dictionary } from '../../src/exec/scan-columns.js';
import { call, col, lit, type Expr } from '../../src/plan/expr.js';
import type { Value } from '../../src/plan/types.js';
import { ListEntries } from '../../src/store/dictionary-entries.js';

describe('filterRows with dictionaries', () => {
  const dict = ['alpha', 'beta', 'Boto3/1.2', 'gamma'];
  const n = 500;
  const indices = new Int32Array(n).map((_, i) => ((i * 7) % 6) - 1); // -1 (NULL) .. 4 → use 0..3 and -1
  for (let i = 0; i < n; i++) if (indices[i]! > 3) indices[i] = -1;
  const agent = Array.from(indices, (d) => (d < 0 ? null : dict[d]!)) as Value[];
  const num = Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : i)) as Value[];
  const chunk = { columns: [agent, num], length: n };
  const cols = new Map([['agent', 0], ['n', 1]]);
  const dicts = new Map<number, Dictionary>([[0, { entries: new ListEntries(dict), indices }]]);
  const a = col('agent', 'varchar'), x = col('n', 'bigint');

  const cases: Expr[] = [
    call('=', [a, lit('beta', 'varchar')], 'boolean'),
    { kind: 'like', arg: a, pattern: lit('%oto%', 'varchar'), escape: null, negated: false, type: 'boolean' },
    call('not', [call('=', [a, lit('alpha', 'varchar')], 'boolean')], 'boolean'),
    call('isNull', [a], 'boolean'),
    call('and', [call('isNotNull', [a], 'boolean'), call('>', [x, lit(100, 'bigint')], 'boolean')], 'boolean'),
    call('and', [{ kind: 'in', arg: a, list: [lit('gamma', 'varchar'), lit('alpha', 'varchar')], negated: false, type: 'boolean' }, call('<', [x, lit(300, 'bigint')], 'boolean')], 'boolean'),
    call('or', [call('=', [a, lit('beta', 'varchar')], 'boolean'), call('isNull', [x], 'boolean')], 'boolean'),
  ];
  it.each(cases.map((e, i) => [i, e] as const))('case %i selects what row-by-row evaluation selects', (_i, e) => {
    const want = selection(evaluate(e, chunk, cols, { now: 0 }));
    const got = filterRows(e, { ...chunk, dicts, numbers: new Map() }, cols, { now: 0 });
    expect(got.count).toBe(want.count);
    expect([...got.sel.subarray(0, got.count)]).toEqual([...want.sel.subarray(0, want.count)]);
    expect(got.count).toBeGreaterThan(0);
  });

  // The compact forms a scan reads filter columns in: the strings only as dictionary indices, the numbers
  // only as a Float64Array (NaN for NULL); and page pruning's candidate ranges.
  const compact = { columns: [[], []], length: n, dicts, numbers: new Map([[1, Float64Array.from(num, (v) => (v === null ? NaN : (v as number)))]]) };
  const need = [3, 90, 200, 201, 350, 500]; // [start, end) pairs
  it.each(cases.map((e, i) => [i, e] as const))('case %i selects the same rows from compact columns, within the candidate ranges', (_i, e) => {
    const all = selection(evaluate(e, chunk, cols, { now: 0 }));
    const inNeed = (r: number) => (r >= 3 && r < 90) || r === 200 || r >= 350;
    const want = [...all.sel.subarray(0, all.count)].filter(inNeed);
    expect([...filterRows(e, compact, cols, { now: 0 }).sel.subarray(0, all.count)]).toEqual([...all.sel.subarray(0, all.count)]);
    const got = filterRows(e, compact, cols, { now: 0 }, need);
    expect([...got.sel.subarray(0, got.count)]).toEqual(want);
  });
});
