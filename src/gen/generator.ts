// Writes a synthetic CloudTrail archive in the S3 delivery layout, streaming:
//   AWSLogs/<acct>/CloudTrail/<region>/YYYY/MM/DD/<acct>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz
// Events are generated in time order; each lands in the file of its delivery
// window (5 minutes, delivered 0-15 minutes late, so files cross midnight).
// Global events (IAM, sign-in) are recorded in us-east-1 and copied, same
// eventID, into other regions' logs. Hourly digest files sit beside the logs.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { formatEventTime } from '../model/time.js';
import { addressPools, EVENT_KINDS, KIND_CUMULATIVE } from './catalog.js';
import { makeEvent } from './event.js';
import { principals } from './identity.js';
import { Rng } from './rng.js';

export interface GenerateOptions {
  readonly out: string;
  readonly events: number;
  readonly seed?: number;
  readonly start?: string;
  readonly days?: number;
  readonly accounts?: number;
  readonly regions?: readonly string[];
}

export interface GenerateResult { files: number; digests: number; events: number; bytes: number; rawBytes: number }

const WINDOW_MS = 5 * 60_000;
const DEFAULT_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'];
const pad = (n: number) => String(n).padStart(2, '0');

function stamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}Z`;
}

function dayPath(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
}

/** Generates `events` events (global copies not counted) and writes the archive. */
export function generateArchive(o: GenerateOptions): GenerateResult {
  const r = new Rng(o.seed ?? 1);
  const start = Date.parse(o.start ?? '2024-07-01T00:00:00Z');
  const days = o.days ?? 7;
  const regions = o.regions ?? DEFAULT_REGIONS;
  const accounts = Array.from({ length: o.accounts ?? 3 }, (_, i) => String(100000000000 + i * 111111111 + 11).slice(0, 12));
  const pools = new Map(accounts.map((a, i) => [a, principals(r, a, accounts[(i + 1) % accounts.length]!)]));
  // Clients come from a few hundred addresses, not from anywhere.
  const addresses = addressPools(r);
  const regionWeights = regions.map((_, i) => (i === 0 ? 4 : 1));
  const regionCum: number[] = [];
  regionWeights.reduce((acc, w) => (regionCum.push(acc + w), acc + w), 0);

  const buffers = new Map<string, { account: string; region: string; window: number; records: unknown[] }>();
  // Hours that already have their digest, per account and region (old hours are dropped: streaming).
  const digestHours = new Map<string, number>();
  const result: GenerateResult = { files: 0, digests: 0, events: 0, bytes: 0, rawBytes: 0 };

  const flush = (key: string) => {
    const b = buffers.get(key)!;
    buffers.delete(key);
    const deliveredAt = b.window + WINDOW_MS;
    const dir = join(o.out, 'AWSLogs', b.account, 'CloudTrail', b.region, dayPath(deliveredAt));
    mkdirSync(dir, { recursive: true });
    const text = JSON.stringify({ Records: b.records });
    const gz = gzipSync(text);
    writeFileSync(join(dir, `${b.account}_CloudTrail_${b.region}_${stamp(deliveredAt)}_${r.b64(16).replace(/[+/]/g, 'x')}.json.gz`), gz);
    result.files++;
    result.bytes += gz.length;
    result.rawBytes += Buffer.byteLength(text);
    const hour = `${b.account}\u0000${b.region}\u0000${Math.floor(deliveredAt / 3_600_000)}`;
    if (!digestHours.has(hour)) {
      digestHours.set(hour, deliveredAt);
      if (digestHours.size > 4096) for (const [k, at] of digestHours) if (at < deliveredAt - 3 * 3_600_000) digestHours.delete(k);
      const hourStart = Math.floor(deliveredAt / 3_600_000) * 3_600_000;
      const ddir = join(o.out, 'AWSLogs', b.account, 'CloudTrail-Digest', b.region, dayPath(hourStart));
      mkdirSync(ddir, { recursive: true });
      const digest = { awsAccountId: b.account, digestStartTime: formatEventTime(hourStart), digestEndTime: formatEventTime(hourStart + 3_600_000), digestS3Bucket: 'trail-bucket', logFiles: [] };
      writeFileSync(join(ddir, `${b.account}_CloudTrail-Digest_${b.region}_org-trail_${b.region}_${stamp(hourStart)}.json.gz`), gzipSync(JSON.stringify(digest)));
      result.digests++;
    }
  };

  const add = (account: string, region: string, time: number, record: unknown) => {
    const window = Math.floor((time + r.int(0, 15 * 60) * 1000) / WINDOW_MS) * WINDOW_MS;
    const key = `${account}\u0000${region}\u0000${window}`;
    let b = buffers.get(key);
    if (!b) buffers.set(key, (b = { account, region, window, records: [] }));
    b.records.push(record);
  };

  const span = days * 86_400_000;
  let lastWindow = -1;
  for (let i = 0; i < o.events; i++) {
    const time = start + Math.floor((i / o.events) * span / 1000) * 1000;
    const nowWindow = Math.floor(time / WINDOW_MS) * WINDOW_MS;
    if (nowWindow !== lastWindow) {
      lastWindow = nowWindow;
      for (const [key, b] of buffers) if (b.window < nowWindow) flush(key);
    }
    const kind = EVENT_KINDS[r.weighted(KIND_CUMULATIVE)]!;
    const account = r.pick(accounts);
    const region = kind.global ? 'us-east-1' : regions[r.weighted(regionCum)]!;
    const event = makeEvent(r, kind, { account, region }, pools.get(account)!, addresses, time);
    add(account, region, time, event);
    result.events++;
    if (kind.global) for (const other of regions) if (other !== region && r.bool(0.5)) add(account, other, time, event);
  }
  for (const key of [...buffers.keys()]) flush(key);
  return result;
}
