import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventIdIndex, type StoredIds } from '../../src/ingest/dedupe.js';
import { IdSet } from '../../src/ingest/id-set.js';
import { BatchBuilder } from '../../src/model/batch.js';
import { COLUMNS } from '../../src/model/fields.js';
import { shredRecord, type Value } from '../../src/model/record.js';
import { tempDir } from '../helpers.js';

const DAY = Date.UTC(2024, 0, 1);
const ODD_IDS = ['1', '', 'not-a-uuid', 'é-not-a-uuid', '😀', '00000000-0000-0000-0000-000000000000', 'ABCDEF12-3456-7890-ABCD-EF1234567890'];

function batchOf(events: readonly { id: string; time: number }[]) {
  const b = new BatchBuilder();
  const row: Value[] = new Array(COLUMNS.length).fill(null);
  for (const e of events) {
    row.fill(null);
    shredRecord({ eventID: e.id, eventTime: new Date(e.time).toISOString(), eventName: 'X', awsRegion: 'us-east-1' } as never, row);
    b.append(row);
  }
  return b.finish();
}

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
    // The same ID with another tag is another entry, UUID or not.
    expect(ids.add('abcdef12-3456-7890-abcd-ef1234567890', 7)).toBe(true);
    expect(ids.add('abcdef12-3456-7890-abcd-ef1234567890', 7)).toBe(false);
    expect(ids.add('not-a-uuid', 3_599_999)).toBe(true);
    expect(ids.add('not-a-uuid', 3_599_999)).toBe(false);
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

  it('keeps every entry through reserve (one grow to the room asked for)', () => {
    const ids = new IdSet();
    const all = Array.from({ length: 3000 }, () => randomUUID());
    for (const id of all.slice(0, 400)) ids.add(id, 1);
    ids.reserve(2600);
    ids.reserve(0);
    for (const id of all) expect(ids.add(id, 1), id).toBe(all.indexOf(id) >= 400);
    expect(ids.size).toBe(3000);
    for (const id of all) expect(ids.add(id, 1)).toBe(false);
  });
});

describe('IdSet save/load', () => {
  it('round-trips UUIDs, the all-zero UUID and other IDs, chunks back to back', () => {
    const a = new IdSet(), b = new IdSet();
    const inA = [...Array.from({ length: 3000 }, () => randomUUID()), ...ODD_IDS];
    const inB = [...Array.from({ length: 50 }, () => randomUUID()), 'x', 'yz', inA[0]!];
    for (const id of inA) a.add(id);
    for (const id of inB) b.add(id);
    a.add(inA[1]!, 3_599_999); // a tagged entry too
    a.add('x', 12);
    const sa = a.save(), sb = b.save();
    const bytes = new Uint8Array(sa.length + sb.length + 1).subarray(1); // misaligned on purpose
    bytes.set(sa);
    bytes.set(sb, sa.length);
    const back = new IdSet();
    back.load(bytes);
    const all = new Set([...inA, ...inB]);
    expect(back.size).toBe(all.size + 2);
    for (const id of all) expect(back.add(id), id).toBe(false);
    expect(back.add(inA[1]!, 3_599_999)).toBe(false);
    expect(back.add('x', 12)).toBe(false);
    expect(back.add(inA[1]!, 5)).toBe(true);
    expect(back.add(randomUUID())).toBe(true);
    const empty = new IdSet();
    empty.load(new IdSet().save());
    expect(empty.size).toBe(0);
  });
});

describe('EventIdIndex', () => {
  // Five partitions, events spread over each day's hours, some IDs repeated across batches.
  const partitions = ['p=a', 'p=b', 'p=c', 'p=d', 'p=e'];
  const ids = [...Array.from({ length: 4000 }, () => randomUUID()), ...ODD_IDS];
  const stream = Array.from({ length: 60 }, (_, i) => ({
    partition: partitions[(i * 3) % partitions.length]!,
    events: Array.from({ length: 200 }, (_, k) => {
      const n = (i * 131 + k * 17) % ids.length;
      return { id: ids[n]!, time: DAY + ((n * 7919) % 86_400_000) };
    }),
  }));

  async function run(budget: number, stored: StoredIds = async () => 0) {
    const dir = join(tempDir(), 'spill');
    const index = new EventIdIndex(dir, stored, budget);
    const kept: string[][] = [];
    for (const { partition, events } of stream) {
      const { keep, duplicates } = await index.filter(partition, batchOf(events));
      expect(duplicates).toBe(keep ? keep.filter((k) => k === 0).length : 0);
      kept.push(events.filter((_, r) => !keep || keep[r]).map((e) => e.id));
      index.shrink();
      expect(index.size).toBeLessThanOrEqual(Math.max(budget, 200));
    }
    return { index, kept, dir };
  }

  it('keeps exactly the first of each (partition, eventID), spilling past a small budget', async () => {
    const seen = new Set<string>();
    const expected = stream.map(({ partition, events }) => events.filter((e) => {
      const k = `${partition}|${e.id}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    }).map((e) => e.id));
    const loose = await run(Infinity);
    expect(loose.kept).toEqual(expected);
    expect(loose.index.spills).toBe(0);
    const tight = await run(300);
    expect(tight.kept).toEqual(expected);
    expect(tight.index.spills).toBeGreaterThan(50);
    expect(tight.index.loads).toBeGreaterThan(50);
    expect(readdirSync(tight.dir).length).toBeGreaterThan(0);
    tight.index.clear();
    expect(existsSync(tight.dir)).toBe(false);
  });

  it('treats stored IDs as seen, in every bucket, seeding each partition once', async () => {
    const storedIds = ids.slice(0, 1500);
    const asked: string[] = [];
    const stored: StoredIds = async (partition, add) => {
      asked.push(partition);
      if (partition !== 'p=b') return 0;
      storedIds.forEach((id, n) => add(DAY + ((n * 7919) % 86_400_000), id));
      return storedIds.length;
    };
    for (const budget of [Infinity, 300]) {
      asked.length = 0;
      const { kept } = await run(budget, stored);
      const inB = kept.filter((_, i) => stream[i]!.partition === 'p=b').flat();
      expect(inB.some((id) => storedIds.includes(id))).toBe(false);
      expect(inB.length).toBeGreaterThan(0);
      const inA = kept.filter((_, i) => stream[i]!.partition === 'p=a').flat();
      expect(inA.some((id) => storedIds.includes(id))).toBe(true);
      expect(asked.sort()).toEqual([...partitions].sort());
    }
  });
});
