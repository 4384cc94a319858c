// The archive generator: same seed, same bytes; counts and layout; every record
// storable by ingest with nothing of an unknown key or unexpected type; the same
// top-level keys and JSON types as the real corpus; the variety the benchmark
// relies on (services, eventNames, identity types, errors, console sign-ins).

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { EVENT_KINDS } from '../../src/gen/catalog.js';
import { generateArchive } from '../../src/gen/generator.js';
import { recordProblem } from '../../src/ingest/validate.js';
import { COL, COLUMNS } from '../../src/model/fields.js';
import { shredRecord, type Value } from '../../src/model/record.js';
import { corpusFiles, HAVE_CORPUS, storableOracle, tempDir } from '../helpers.js';

const files = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
const digest = (dir: string) => {
  const h = createHash('sha256');
  for (const f of files(dir)) h.update(relative(dir, f)).update(readFileSync(f));
  return h.digest('hex');
};
const logRecords = (dir: string) =>
  files(dir).filter((f) => !f.includes('CloudTrail-Digest')).flatMap((f) => (JSON.parse(gunzipSync(readFileSync(f)).toString('utf8')) as { Records: Record<string, any>[] }).Records);
const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** True if a shred residual holds only what CloudTrail writes as null or {} (no unknown key, no wrong type). */
function onlyNullsAndEmpties(v: unknown): boolean {
  if (v === null) return true;
  if (typeof v !== 'object' || Array.isArray(v)) return false;
  return Object.values(v as object).every(onlyNullsAndEmpties);
}

describe('generate', () => {
  const dir = tempDir();
  const result = generateArchive({ out: dir, events: 20_000, days: 2, seed: 42 });
  const records = logRecords(dir);
  const unique = new Map(records.map((r) => [r.eventID as string, r]));
  const events = [...unique.values()];

  it('gives the same bytes for the same seed, and different bytes for another', () => {
    const a = tempDir(), b = tempDir(), c = tempDir();
    generateArchive({ out: a, events: 3000, seed: 7, days: 1 });
    generateArchive({ out: b, events: 3000, seed: 7, days: 1 });
    generateArchive({ out: c, events: 3000, seed: 8, days: 1 });
    expect(digest(a)).toBe(digest(b));
    expect(digest(a)).not.toBe(digest(c));
  });

  it('writes the requested number of events in the S3 layout, global ones copied, late files across midnight', () => {
    expect(result.events).toBe(20_000);
    expect(unique.size).toBe(20_000);
    expect(records.length).toBeGreaterThan(20_000); // global events copied into other regions' logs
    const logs = files(dir).filter((f) => !f.includes('CloudTrail-Digest'));
    expect(logs.length).toBe(result.files);
    expect(files(dir).length - logs.length).toBe(result.digests);
    for (const f of logs) expect(relative(dir, f)).toMatch(/^AWSLogs\/(\d{12})\/CloudTrail\/([a-z0-9-]+)\/\d{4}\/\d\d\/\d\d\/\1_CloudTrail_\2_\d{8}T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$/);
    // A file delivered on day 2 holding an event of day 1.
    const crossing = logs.some((f) => {
      const folder = relative(dir, f).split('/').slice(4, 7).join('-');
      return (JSON.parse(gunzipSync(readFileSync(f)).toString()).Records as { eventTime: string }[]).some((r) => r.eventTime.slice(0, 10) < folder);
    });
    expect(crossing).toBe(true);
    const copies = records.filter((r) => r.awsRegion === 'us-east-1' && r.eventSource === 'iam.amazonaws.com');
    expect(new Set(copies.map((r) => r.eventID)).size).toBeLessThan(copies.length);
  });

  it('honours --start, --days, --accounts and --regions', () => {
    const d = tempDir();
    generateArchive({ out: d, events: 2000, seed: 1, start: '2025-02-27T00:00:00Z', days: 3, accounts: 2, regions: ['eu-central-1', 'us-east-1'] });
    const rs = logRecords(d);
    expect(new Set(rs.map((r) => r.recipientAccountId)).size).toBe(2);
    expect(new Set(rs.map((r) => r.awsRegion))).toEqual(new Set(['eu-central-1', 'us-east-1']));
    expect(new Set(rs.map((r) => r.eventTime.slice(0, 10)))).toEqual(new Set(['2025-02-27', '2025-02-28', '2025-03-01']));
  });

  it('writes only records ingest stores as they are: no unknown key, no unexpected type', () => {
    const out: Value[] = new Array(COLUMNS.length).fill(null);
    for (const r of events) {
      expect(recordProblem(r)).toBeNull();
      shredRecord(r, out);
      const residual = out[COL.extra] === null ? null : JSON.parse(out[COL.extra] as string);
      if (!onlyNullsAndEmpties(residual)) throw new Error(`unexpected residual ${JSON.stringify(residual)} in ${JSON.stringify(r)}`);
    }
  });

  it.skipIf(!HAVE_CORPUS)('has the real corpus\'s top-level keys and JSON types', () => {
    const real = corpusFiles().flatMap((f) => storableOracle(f));
    const realTypes = new Map<string, Set<string>>();
    for (const r of real) for (const [k, v] of Object.entries(r)) (realTypes.get(k) ?? realTypes.set(k, new Set()).get(k)!).add(jsonType(v));
    const genTypes = new Map<string, Set<string>>();
    for (const r of events) for (const [k, v] of Object.entries(r)) (genTypes.get(k) ?? genTypes.set(k, new Set()).get(k)!).add(jsonType(v));
    // Every key we write is one real records carry, with a type they carry it with.
    for (const [k, types] of genTypes) {
      expect(realTypes.has(k), k).toBe(true);
      for (const t of types) expect(realTypes.get(k), `${k}: ${t}`).toContain(t);
    }
    // And every key most real records carry (>= 90%), we write too, in every API call.
    const common = [...realTypes.keys()].filter((k) => real.filter((r) => k in r).length >= 0.9 * real.length);
    expect(common.length).toBeGreaterThan(8);
    for (const r of events.filter((e) => e.eventType === 'AwsApiCall')) for (const k of common) expect(r, k).toHaveProperty(k);
  });

  it('has the variety real trails have', () => {
    expect(new Set(EVENT_KINDS.map((k) => k.source)).size).toBeGreaterThanOrEqual(30);
    expect(new Set(EVENT_KINDS.map((k) => k.name)).size).toBeGreaterThanOrEqual(300);
    // Skewed: the 10 most frequent names make up a large share, and the sample sees a long tail.
    const byName = new Map<string, number>();
    for (const r of events) byName.set(r.eventName, (byName.get(r.eventName) ?? 0) + 1);
    const counts = [...byName.values()].sort((a, b) => b - a);
    expect(counts.slice(0, 10).reduce((a, b) => a + b, 0) / events.length).toBeGreaterThan(0.3);
    expect(byName.size).toBeGreaterThan(250);
    expect(new Set(events.map((r) => r.eventSource)).size).toBeGreaterThanOrEqual(30);
    expect(new Set(events.map((r) => r.userIdentity.type))).toEqual(new Set(['IAMUser', 'AssumedRole', 'Root', 'AWSService', 'AWSAccount', 'FederatedUser', 'SAMLUser', 'WebIdentityUser', 'IdentityCenterUser']));
    expect(events.some((r) => r.userIdentity.sessionContext?.sessionIssuer?.type === 'Role')).toBe(true);
    const errors = events.filter((r) => r.errorCode !== undefined).length / events.length;
    expect(errors).toBeGreaterThan(0.035);
    expect(errors).toBeLessThan(0.065);
    const logins = events.filter((r) => r.eventName === 'ConsoleLogin');
    expect(new Set(logins.map((r) => r.responseElements.ConsoleLogin))).toEqual(new Set(['Success', 'Failure']));
    expect(new Set(logins.map((r) => r.additionalEventData.MFAUsed))).toEqual(new Set(['Yes', 'No']));
    expect(events.some((r) => Array.isArray(r.resources) && r.resources.length > 0)).toBe(true);
    expect(events.some((r) => r.tlsDetails?.tlsVersion)).toBe(true);
    expect(events.some((r) => r.eventCategory === 'Data' && r.managementEvent === false)).toBe(true);
  });
});
