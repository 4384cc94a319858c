// Rows cross from a worker as Arrow IPC: every value comes back as it went,
// text built at the buffer level included (NULLs, empty strings, ASCII-only
// columns, 2-, 3- and 4-byte UTF-8, values that are not text written as JSON).
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { fromIpc, toIpc } from '../../src/exec/ipc.js';
import type { Value } from '../../src/plan/types.js';

describe('rows as Arrow IPC', () => {
  it('round-trips text, numbers, booleans and NULLs', () => {
    const text: Value[] = ['plain', null, '', 'é', '日本語', '🙂 emoji', 'a'.repeat(70_000), null, '{"k":[1,2]}'];
    const nums: Value[] = text.map((_, i) => (i % 3 === 0 ? null : i === 4 ? -0.25 : i * 1.5 + 1e12));
    const bools: Value[] = text.map((_, i) => (i % 4 === 0 ? null : i % 2 === 0));
    const ipc = toIpc({ columns: [text, nums, bools], length: text.length }, ['t', 'n', 'b'], ['varchar', 'double', 'boolean']);
    expect(fromIpc(ipc, 3)).toEqual({ columns: [text, nums, bools], length: text.length });
  });

  it('writes a value that is not text as JSON, and is readable by Arrow as Utf8', () => {
    const vals: Value[] = [['x', 1], 'y', null, 7];
    const ipc = toIpc({ columns: [vals], length: 4 }, ['j'], ['json']);
    expect(fromIpc(ipc, 1).columns[0]).toEqual(['["x",1]', 'y', null, '7']);
    expect([...tableFromIPC(ipc).getChildAt(0)!]).toEqual(['["x",1]', 'y', null, '7']);
  });

  it('handles a column without NULLs and an empty chunk', () => {
    const many = Array.from({ length: 5000 }, (_, i) => `row-${i}`);
    const times = many.map((_, i) => 1_720_000_000_000 + i);
    expect(fromIpc(toIpc({ columns: [many, times], length: many.length }, ['s', 't'], ['varchar', 'timestamp']), 2).columns).toEqual([many, times]);
    expect(fromIpc(toIpc({ columns: [[]], length: 0 }, ['s'], ['varchar']), 1)).toEqual({ columns: [[]], length: 0 });
    // ASCII only (values cut from one decoded string) with NULLs and empty strings; then one non-ASCII value.
    const ascii: Value[] = ['a', null, '', 'bcd', null, '{"x":"y"}', ''];
    expect(fromIpc(toIpc({ columns: [ascii], length: ascii.length }, ['s'], ['varchar']), 1).columns[0]).toEqual(ascii);
    const mixed = [...ascii, 'ü', 'tail'];
    expect(fromIpc(toIpc({ columns: [mixed], length: mixed.length }, ['s'], ['varchar']), 1).columns[0]).toEqual(mixed);
  });
});
