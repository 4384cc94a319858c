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
import { ERRORS, EVENT_KINDS, USER_AGENTS, type Ctx, type EventKind } from './catalog.js';
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

interface Principal { readonly kind: 'user' | 'role'; readonly name: string; readonly id: string; readonly key: string }

/** Each account has a fixed set of IAM users and roles, as real accounts do. */
function principals(r: Rng): Principal[] {
  const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'deploy-bot', 'ci-runner'];
  const roles = ['AdminRole', 'ReadOnly', 'DeployRole', 'LambdaExec', 'EKSNodeRole', 'DataPipeline', 'SecurityAudit', 'OrganizationAccountAccessRole'];
  return [
    ...users.map((name) => ({ kind: 'user' as const, name, id: `AIDA${r.upper(17)}`, key: `AKIA${r.upper(16)}` })),
    ...roles.map((name) => ({ kind: 'role' as const, name, id: `AROA${r.upper(17)}`, key: '' })),
  ];
}

function identity(r: Rng, account: string, pool: readonly Principal[], kind: EventKind, time: number) {
  const p = r.next();
  const users = pool.filter((x) => x.kind === 'user');
  if (kind.name === 'ConsoleLogin' || p < 0.25) {
    const u = r.pick(kind.name === 'ConsoleLogin' ? users.slice(0, 6) : users);
    return { type: 'IAMUser', principalId: u.id, arn: `arn:aws:iam::${account}:user/${u.name}`, accountId: account, accessKeyId: u.key, userName: u.name };
  }
  if (p < 0.85) {
    const role = r.pick(pool.filter((x) => x.kind === 'role'));
    // Role sessions last an hour: the session name and key repeat within it.
    const hour = Math.floor(time / 3_600_000);
    const session = `session-${((hour * 2654435761 + role.id.charCodeAt(5)) >>> 0).toString(16).slice(0, 6)}`;
    const created = formatEventTime(hour * 3_600_000);
    return {
      type: 'AssumedRole',
      principalId: `${role.id}:${session}`,
      arn: `arn:aws:sts::${account}:assumed-role/${role.name}/${session}`,
      accountId: account,
      accessKeyId: `ASIA${role.id.slice(4, 12)}${(hour % 1e8).toString(36).toUpperCase().padStart(8, 'X')}`,
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: role.id, arn: `arn:aws:iam::${account}:role/${role.name}`, accountId: account, userName: role.name },
        webIdFederationData: {},
        attributes: { creationDate: created, mfaAuthenticated: role.name === 'AdminRole' ? 'true' : 'false' },
      },
    };
  }
  if (p < 0.95) return { type: 'AWSService', invokedBy: r.pick(['ec2.amazonaws.com', 'lambda.amazonaws.com', 'cloudformation.amazonaws.com']) };
  if (p < 0.98) return { type: 'Root', principalId: account, arn: `arn:aws:iam::${account}:root`, accountId: account, accessKeyId: '' };
  const fed = r.pick(users);
  return { type: 'FederatedUser', principalId: `${account}:${fed.name}`, arn: `arn:aws:sts::${account}:federated-user/${fed.name}`, accountId: account };
}

function makeEvent(r: Rng, kind: EventKind, ctx: Ctx, pool: readonly Principal[], time: number): Record<string, unknown> {
  const ui = identity(r, ctx.account, pool, kind, time);
  const agent = ui.type === 'AWSService' ? (ui as { invokedBy: string }).invokedBy : r.pick(USER_AGENTS);
  const ip = ui.type === 'AWSService' ? agent : ctx.ip;
  const e: Record<string, unknown> = {
    eventVersion: kind.name === 'ConsoleLogin' ? '1.09' : '1.10',
    userIdentity: ui,
    eventTime: formatEventTime(time),
    eventSource: kind.source,
    eventName: kind.name,
    awsRegion: ctx.region,
    sourceIPAddress: ip,
    userAgent: agent,
  };
  const failed = r.bool(0.05);
  if (kind.name === 'ConsoleLogin') {
    const ok = r.bool(0.85);
    e.requestParameters = null;
    e.responseElements = { ConsoleLogin: ok ? 'Success' : 'Failure' };
    if (!ok) e.errorMessage = 'Failed authentication';
    e.additionalEventData = { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: r.bool(0.6) ? 'Yes' : 'No' };
  } else {
    if (failed) {
      const err = r.pick(ERRORS);
      e.errorCode = err.code;
      e.errorMessage = err.message;
    }
    e.requestParameters = kind.request(r, ctx);
    e.responseElements = failed || !kind.response ? null : kind.response(r, ctx);
  }
  e.requestID = r.uuid();
  e.eventID = r.uuid();
  e.readOnly = kind.readOnly;
  if (kind.resources) e.resources = kind.resources(r, ctx);
  e.eventType = kind.name === 'ConsoleLogin' ? 'AwsConsoleSignIn' : 'AwsApiCall';
  e.managementEvent = !(kind.source === 's3.amazonaws.com' && kind.name !== 'ListBuckets');
  e.recipientAccountId = ctx.account;
  e.eventCategory = e.managementEvent ? 'Management' : 'Data';
  if (kind.name !== 'ConsoleLogin' && ui.type !== 'AWSService') {
    e.tlsDetails = { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: `${kind.source.split('.')[0]}.${ctx.region}.amazonaws.com` };
  }
  if (ui.type === 'AssumedRole' && agent.startsWith('Mozilla')) e.sessionCredentialFromConsole = 'true';
  return e;
}

/** Generates `events` events (global copies not counted) and writes the archive. */
export function generateArchive(o: GenerateOptions): GenerateResult {
  const r = new Rng(o.seed ?? 1);
  const start = Date.parse(o.start ?? '2024-07-01T00:00:00Z');
  const days = o.days ?? 7;
  const regions = o.regions ?? DEFAULT_REGIONS;
  const accounts = Array.from({ length: o.accounts ?? 3 }, (_, i) => String(100000000000 + i * 111111111 + 11).slice(0, 12));
  const pools = new Map(accounts.map((a) => [a, principals(r)]));
  // Clients come from a few hundred addresses, not from anywhere.
  const ips = Array.from({ length: 300 }, () => `${r.int(1, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`);
  const cumulative: number[] = [];
  EVENT_KINDS.reduce((acc, k) => (cumulative.push(acc + k.weight), acc + k.weight), 0);
  const regionWeights = regions.map((_, i) => (i === 0 ? 4 : 1));
  const regionCum: number[] = [];
  regionWeights.reduce((acc, w) => (regionCum.push(acc + w), acc + w), 0);

  const buffers = new Map<string, { account: string; region: string; window: number; records: unknown[] }>();
  const digestHours = new Set<string>();
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
      digestHours.add(hour);
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
    const kind = EVENT_KINDS[r.weighted(cumulative)]!;
    const account = r.pick(accounts);
    const region = kind.global ? 'us-east-1' : regions[r.weighted(regionCum)]!;
    const event = makeEvent(r, kind, { account, region, ip: r.pick(ips) }, pools.get(account)!, time);
    add(account, region, time, event);
    result.events++;
    if (kind.global) for (const other of regions) if (other !== region && r.bool(0.5)) add(account, other, time, event);
  }
  for (const key of [...buffers.keys()]) flush(key);
  return result;
}
