// The intern table behind interned string columns: one entry per distinct byte
// string whatever its length or how it arrives (a span of a document, a JS
// string, another table's entries), and no two values ever merged.

import { describe, expect, it } from 'vitest';
import { InternTable } from '../../src/model/intern.js';
import { viewed } from '../../src/util/copy-bytes.js';

const entryList = (t: InternTable) => {
  const { offsets, bytes } = t.entries();
  return Array.from({ length: t.count }, (_, k) => Buffer.from(bytes.subarray(offsets[k]!, offsets[k + 1]!)).toString());
};

/** The values laid out in one document, with a few bytes between them, as spans. */
function doc(values: string[]) {
  const parts: Buffer[] = [];
  const spans: [number, number][] = [];
  let pos = 0;
  for (const v of values) {
    const b = Buffer.from(v);
    parts.push(Buffer.from('"'), b, Buffer.from('",'));
    spans.push([pos + 1, pos + 1 + b.length]);
    pos += b.length + 3;
  }
  return { src: viewed(new Uint8Array(Buffer.concat(parts))), spans };
}

describe('InternTable', () => {
  it('gives each distinct value one entry, in first-seen order, through many rehashes', () => {
    const values = Array.from({ length: 20_000 }, (_, i) => `v${(i * 7919) % 3001}`.padEnd(1 + (i % 70), '~'));
    const { src, spans } = doc(values);
    const t = new InternTable();
    const ids = spans.map(([s, e]) => t.span(src, s, e));
    const entries = entryList(t);
    expect(entries).toEqual([...new Set(values)]);
    expect(ids.map((k) => entries[k])).toEqual(values);
  });

  it('keeps values apart that a sampled hash cannot tell apart (long, differing in one middle byte)', () => {
    const base = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
    const values: string[] = [];
    for (let at = 17; at < base.length - 17; at++) values.push(base.slice(0, at) + '#' + base.slice(at + 1));
    values.push(base, '', 'a', 'ab', 'abc', 'abcd', 'abcde', 'é', 'ü✓', base);
    const { src, spans } = doc(values);
    const t = new InternTable();
    const ids = spans.map(([s, e]) => t.span(src, s, e));
    expect(t.count).toBe(new Set(values).size);
    expect(ids.map((k) => entryList(t)[k])).toEqual(values);
  });

  it('interns a JS string as its UTF-8 bytes: the same entry as the same bytes met as a span', () => {
    const values = ['eu-west-1', 'ü✓ naïve', 'x'.repeat(5000), ''];
    const { src, spans } = doc(values);
    const t = new InternTable();
    const bySpan = spans.map(([s, e]) => t.span(src, s, e));
    expect(values.map((v) => t.string(v))).toEqual(bySpan);
    expect(t.string('new one')).toBe(values.length);
  });

  it('maps another table\'s entries into it (addAll) and starts over after clear', () => {
    const a = new InternTable(), b = new InternTable();
    for (const v of ['x', 'y', 'z']) a.string(v);
    for (const v of ['z', 'w']) b.string(v);
    const { offsets, bytes } = b.entries();
    expect([...a.addAll(offsets, bytes)]).toEqual([2, 3]);
    expect(entryList(a)).toEqual(['x', 'y', 'z', 'w']);
    a.clear();
    expect(a.count).toBe(0);
    expect(a.string('w')).toBe(0);
    expect(entryList(a)).toEqual(['w']);
  });
});
