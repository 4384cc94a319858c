import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IdSet } from '../../src/ingest/id-set.js';

describe('IdSet', () => {
  it('behaves like a Set of strings for UUIDs and anything else', () => {
    const ids = new IdSet();
    const ref = new Set<string>();
    const pool = [
      ...Array.from({ length: 5000 }, () => randomUUID()),
      '1', '', 'not-a-uuid', 'ABCDEF12-3456-7890-ABCD-EF1234567890', 'abcdef12-3456-7890-abcd-ef1234567890',
      'abcdef12-3456-7890-abcd-ef123456789g', 'abcdef12x3456-7890-abcd-ef1234567890',
      // The all-zero UUID (an empty slot's bytes), all-f, and IDs one digit apart in each part.
      '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff',
      ...[0, 9, 14, 19, 24, 28, 35].map((at) => `00000000-0000-0000-0000-000000000000`.slice(0, at) + '1' + `00000000-0000-0000-0000-000000000000`.slice(at + 1)),
      // A non-digit or a misplaced dash at each position.
      ...Array.from({ length: 36 }, (_, at) => 'abcdef12-3456-7890-abcd-ef1234567890'.slice(0, at) + ([8, 13, 18, 23].includes(at) ? 'a' : at % 2 ? '-' : 'G') + 'abcdef12-3456-7890-abcd-ef1234567890'.slice(at + 1)),
    ];
    for (let i = 0; i < 20_000; i++) {
      const id = pool[(i * 7919) % pool.length]!;
      expect(ids.add(id), id).toBe(!ref.has(id));
      ref.add(id);
    }
    expect(ids.size).toBe(ref.size);
    // Upper- and lower-case forms are different IDs, as strings are.
    expect(ids.add('abcdef12-3456-7890-abcd-ef1234567890')).toBe(false);
    expect(ids.add('Abcdef12-3456-7890-abcd-ef1234567890')).toBe(true);
  });

  it('addBytes (IDs read from a batch\'s UTF-8 bytes) agrees with add', () => {
    const ids = new IdSet();
    const ref = new Set<string>();
    const pool = [...Array.from({ length: 300 }, () => randomUUID()), 'é-not-a-uuid', '😀', 'abcdef12-3456-7890-abcd-ef123456789é', 'x'];
    for (let i = 0; i < 3000; i++) {
      const id = pool[(i * 7919) % pool.length]!;
      const bytes = Buffer.from(`..${id}..`);
      const added = i % 2 ? ids.add(id) : ids.addBytes(bytes, 2, bytes.length - 2);
      expect(added, id).toBe(!ref.has(id));
      ref.add(id);
    }
    expect(ids.size).toBe(ref.size);
  });
});
