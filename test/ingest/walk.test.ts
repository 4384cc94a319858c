import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { walkInputs } from '../../src/ingest/walk.js';
import { buildNameSet, mayContainName } from '../../src/store/name-filter.js';
import { tempDir } from '../helpers.js';

describe('walkInputs', () => {
  it('reads the S3 layout in (region, date, delivery time) order, skips and counts digests, reads Insight files', () => {
    const root = tempDir();
    const put = (rel: string) => {
      mkdirSync(join(root, rel, '..'), { recursive: true });
      writeFileSync(join(root, rel), '{}');
    };
    put('AWSLogs/o-abc123/222222222222/CloudTrail/us-east-1/2024/07/02/222222222222_CloudTrail_us-east-1_20240702T0000Z_a.json.gz');
    put('AWSLogs/o-abc123/111111111111/CloudTrail/us-east-1/2024/07/02/111111111111_CloudTrail_us-east-1_20240702T0000Z_b.json.gz');
    put('AWSLogs/o-abc123/222222222222/CloudTrail/us-east-1/2024/07/02/222222222222_CloudTrail_us-east-1_20240702T0010Z_f.json.gz');
    put('AWSLogs/o-abc123/111111111111/CloudTrail/us-east-1/2024/07/02/111111111111_CloudTrail_us-east-1_20240702T0005Z_g.json.gz');
    put('AWSLogs/111111111111/CloudTrail/eu-west-1/2024/07/01/111111111111_CloudTrail_eu-west-1_20240701T0000Z_c.json.gz');
    put('AWSLogs/111111111111/CloudTrail/us-east-1/2024/07/01/111111111111_CloudTrail_us-east-1_20240701T0000Z_d.json.gz');
    put('AWSLogs/111111111111/CloudTrail-Insight/us-east-1/2024/07/01/111111111111_CloudTrail-Insight_us-east-1_20240701T0000Z_e.json.gz');
    put('AWSLogs/111111111111/CloudTrail-Digest/us-east-1/2024/07/01/111111111111_CloudTrail-Digest_us-east-1_t_us-east-1_20240701T000000Z.json.gz');
    put('AWSLogs/111111111111/CloudTrail-Digest/us-east-1/2024/07/02/111111111111_CloudTrail-Digest_us-east-1_t_us-east-1_20240702T000000Z.json.gz');
    put('exports/history.jsonl');
    put('exports/README.md');
    put('.DS_Store');
    const w = walkInputs([root]);
    expect(w.digests).toBe(2);
    expect(w.ignored).toBe(2);
    const tag = (p: string) => (p.endsWith('.json.gz') ? p.slice(p.lastIndexOf('_') + 1, -'.json.gz'.length) : p.slice(root.length + 1));
    // eu-west-1 first, then us-east-1 by date and, within a day, by delivery stamp across accounts
    // (path order for equal stamps, Insight files mixed in), then non-S3 files.
    expect(w.files.map((f) => tag(f.path))).toEqual(['c', 'e', 'd', 'b', 'a', 'g', 'f', 'exports/history.jsonl']);
  });

  it('reads a file named explicitly whatever its name, and reports a missing input', () => {
    const root = tempDir();
    writeFileSync(join(root, 'events.txt'), '[]');
    expect(walkInputs([join(root, 'events.txt')]).files).toHaveLength(1);
    expect(() => walkInputs([join(root, 'nope')])).toThrow(/input not found/);
  });

  it('follows symbolic links, once per folder or file even through a loop, and lists a broken one to be reported', () => {
    const data = tempDir();
    const day = join(data, 'AWSLogs/111111111111/CloudTrail/us-east-1/2024/07/01');
    mkdirSync(day, { recursive: true });
    const log = join(day, '111111111111_CloudTrail_us-east-1_20240701T0000Z_a.json.gz');
    writeFileSync(log, '{}');
    const root = tempDir();
    symlinkSync(join(data, 'AWSLogs'), join(root, 'AWSLogs')); // a linked folder
    symlinkSync(log, join(root, 'same.json.gz')); // a second way to the same file
    symlinkSync(root, join(root, 'loop')); // back up to the folder being walked
    symlinkSync(join(data, 'gone.json'), join(root, 'broken.json'));
    symlinkSync(join(data, 'gone.txt'), join(root, 'broken.txt'));
    const w = walkInputs([root, data]);
    expect(w.files.map((f) => f.path.slice(root.length + 1)).sort()).toEqual(['AWSLogs/111111111111/CloudTrail/us-east-1/2024/07/01/111111111111_CloudTrail_us-east-1_20240701T0000Z_a.json.gz', 'broken.json']);
    expect(w.files.find((f) => f.path.endsWith('.json.gz'))!.size).toBe(2);
    expect(w.ignored).toBe(1); // broken.txt: not a log by name
  });
});

describe('eventName sets in the manifest', () => {
  it('lists few names and filters many without false negatives', () => {
    expect(buildNameSet(['B', 'A', 'B'])).toEqual({ names: ['A', 'B'] });
    const many = Array.from({ length: 300 }, (_, i) => `Name${i}`);
    const set = buildNameSet(many);
    expect('bloom' in set).toBe(true);
    expect(many.every((n) => mayContainName(set, n))).toBe(true);
    const others = Array.from({ length: 10_000 }, (_, i) => `Other${i}`);
    const fp = others.filter((n) => mayContainName(set, n)).length / others.length;
    expect(fp).toBeLessThan(0.01);
  });
});
