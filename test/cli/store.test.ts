// `traillake store create|list|show|update`: CloudTrail Lake's settings and rules.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchesSelectors, parseSelectors } from '../../src/ingest/selectors.js';
import { cli, tempDir } from '../helpers.js';

describe('store commands', () => {
  it('create, list, show and update with defaults and limits', () => {
    const home = tempDir();
    const run = (...args: string[]) => cli(['--home', home, ...args]);
    expect(run('store', 'list').stdout).toMatch(/no event data stores yet/);
    expect(run('store', 'create', 'audit-logs').stdout).toMatch(/^created event data store audit-logs \([0-9a-f-]{36}\)/);
    expect(run('store', 'create', 'audit-logs').stderr).toBe('traillake: an event data store named audit-logs already exists\n');
    expect(run('store', 'create', 'short', '--retention-days', '365', '--no-termination-protection').status).toBe(0);
    const list = JSON.parse(run('store', 'list', '--format', 'json').stdout);
    expect(list.map((s: { name: string }) => s.name)).toEqual(['audit-logs', 'short']);
    const show = JSON.parse(run('store', 'show', 'audit-logs', '--format', 'json').stdout);
    expect(show).toMatchObject({ name: 'audit-logs', status: 'ENABLED', retentionDays: 2557, terminationProtection: true, events: 0, bytes: 0, files: 0, partitions: 0, oldestEventTime: null, newestEventTime: null });
    for (const k of ['id', 'createdAt']) expect(show[k]).toBeTruthy();
    expect(JSON.parse(run('store', 'show', 'short', '--format', 'json').stdout)).toMatchObject({ retentionDays: 365, terminationProtection: false });
    expect(run('store', 'update', 'short', '--retention-days', '3653', '--termination-protection').status).toBe(0);
    expect(JSON.parse(run('store', 'show', 'short', '--format', 'json').stdout)).toMatchObject({ retentionDays: 3653, terminationProtection: true });
    expect(run('store', 'show', 'short').stdout).toMatch(/retention\s+3653 days/);
    expect(run('store', 'list').stdout).toMatch(/audit-logs\s+ENABLED\s+0/);
  });

  it('rejects out-of-range retention, bad names and unknown stores with one clear line', () => {
    const home = tempDir();
    const run = (...args: string[]) => cli(['--home', home, ...args]);
    for (const [args, msg] of [
      [['store', 'create', 'x12', '--retention-days', '6'], /retention must be a whole number of days from 7 to 3653, got 6/],
      [['store', 'create', 'x12', '--retention-days', '3654'], /from 7 to 3653, got 3654/],
      [['store', 'create', 'x12', '--retention-days', 'ten'], /--retention-days must be a whole number/],
      [['store', 'create', 'ab'], /invalid store name "ab"/],
      [['store', 'create', '../../etc'], /invalid store name/],
      [['store', 'create', 'a/b/c'], /invalid store name/],
      [['store', 'create', '...'], /invalid store name/],
      [['store', 'create', 'x'.repeat(129)], /invalid store name/],
      [['store', 'show', 'nope'], /no event data store named nope/],
      [['store', 'update', 'nope', '--retention-days', '30'], /no event data store named nope/],
    ] as const) {
      const r = run(...args);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    }
    expect(run('store', 'create', 'a.b_c-D9').status).toBe(0);
  });

  it('validates selector files and applies them on update', () => {
    const home = tempDir();
    const dir = tempDir();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ FieldSelectors: [{ Field: 'sourceIPAddress', Equals: ['1.2.3.4'] }] }]));
    const r = cli(['--home', home, 'store', 'create', 'sel', '--selectors', bad]);
    expect(r.stderr).toMatch(/invalid event selectors in .*bad\.json: selector 1, field selector 1: Field "sourceIPAddress" is not one of/);
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ AdvancedEventSelectors: [{ Name: 'm', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }] }));
    expect(cli(['--home', home, 'store', 'create', 'sel']).status).toBe(0);
    expect(cli(['--home', home, 'store', 'update', 'sel', '--selectors', good]).status).toBe(0);
    expect(JSON.parse(cli(['--home', home, 'store', 'show', 'sel', '--format', 'json']).stdout).advancedEventSelectors).toHaveLength(1);
    expect(cli(['--home', home, 'store', 'update', 'sel', '--no-selectors']).status).toBe(0);
    expect(JSON.parse(cli(['--home', home, 'store', 'show', 'sel', '--format', 'json']).stdout).advancedEventSelectors).toBeNull();
  });
});

describe('advanced event selector semantics', () => {
  const ev = {
    eventCategory: 'Data', eventSource: 's3.amazonaws.com', eventName: 'GetObject', readOnly: true, eventType: 'AwsApiCall',
    userIdentity: { arn: 'arn:aws:iam::1:user/alice' },
    resources: [{ type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::bucket/key' }, { type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::bucket' }],
  };
  const m = (fs: unknown[]) => matchesSelectors(ev, parseSelectors([{ FieldSelectors: fs }], 'test'));
  it.each([
    [[{ Field: 'eventName', Equals: ['PutObject', 'GetObject'] }], true],
    [[{ Field: 'eventName', NotEquals: ['GetObject'] }], false],
    [[{ Field: 'eventName', StartsWith: ['Get'] }, { Field: 'readOnly', Equals: ['true'] }], true],
    [[{ Field: 'eventName', StartsWith: ['Get'] }, { Field: 'readOnly', Equals: ['false'] }], false],
    [[{ Field: 'resources.ARN', EndsWith: ['/key'] }], true],
    [[{ Field: 'resources.type', NotStartsWith: ['AWS::S3'] }], false],
    [[{ Field: 'resources.type', Equals: ['AWS::Lambda::Function'] }], false],
    [[{ Field: 'userIdentity.arn', NotEndsWith: ['/bob'] }], true],
    [[{ Field: 'errorCode', Equals: ['AccessDenied'] }], false],
    [[{ Field: 'errorCode', NotEquals: ['AccessDenied'] }], true],
    [[{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'eventType', Equals: ['AwsApiCall'] }], true],
  ])('%j -> %s', (fs, expected) => expect(m(fs)).toBe(expected));

  it('derives eventCategory for records that predate the field', () => {
    const sel = parseSelectors([{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }], 't');
    expect(matchesSelectors({ eventName: 'CreateUser' }, sel)).toBe(true);
    expect(matchesSelectors({ eventName: 'GetObject', managementEvent: false }, sel)).toBe(false);
  });

  it('an event matching any of several selectors is kept', () => {
    const sel = parseSelectors([{ FieldSelectors: [{ Field: 'eventName', Equals: ['X'] }] }, { FieldSelectors: [{ Field: 'eventSource', Equals: ['s3.amazonaws.com'] }] }], 't');
    expect(matchesSelectors(ev, sel)).toBe(true);
  });
});
