// The REPL's pieces without a terminal: statement splitting, completion and
// the schema tree.

import { describe, expect, it } from 'vitest';
import { complete, type CompletionContext } from '../../src/cli/repl/complete.js';
import { fieldsAt, SCHEMA } from '../../src/cli/repl/schema.js';
import { isOnlyComments, splitStatements } from '../../src/cli/repl/statements.js';

describe('splitStatements', () => {
  it('cuts at top-level semicolons only', () => {
    expect(splitStatements("SELECT 'a;b' AS x; SELECT \"we;ird\" FROM t;\nSELECT 1")).toEqual({ statements: ["SELECT 'a;b' AS x", 'SELECT "we;ird" FROM t'], rest: '\nSELECT 1' });
    expect(splitStatements("SELECT 'it''s;' AS x;").statements).toEqual(["SELECT 'it''s;' AS x"]);
    expect(splitStatements('SELECT 1 -- not the end;\n+ 1;').statements).toEqual(['SELECT 1 -- not the end;\n+ 1']);
    expect(splitStatements('SELECT /* ; */ 2;').statements).toEqual(['SELECT /* ; */ 2']);
    expect(splitStatements(';;  ;').statements).toEqual([]);
    expect(splitStatements("SELECT 'open;").statements).toEqual([]);
    expect(splitStatements('-- only a comment;\n;').statements).toEqual([]);
  });

  it('knows comment-only text', () => {
    expect(isOnlyComments('  -- x\n /* y */ ')).toBe(true);
    expect(isOnlyComments('-- x\nSELECT')).toBe(false);
  });
});

describe('complete', () => {
  const ctx: CompletionContext = { dotCommands: new Map([['.use', () => ['sample', 'prod']], ['.read', null], ['.quit', null]]), storeNames: () => ['sample', 'prod'] };
  const c = (line: string) => complete(line, ctx);

  it('completes keywords in the case typed, functions, stores and columns', () => {
    expect(c('sel')).toEqual([['select'], 'sel']);
    expect(c('SEL')).toEqual([['SELECT'], 'SEL']);
    expect(c('SELECT regexp_l')).toEqual([['regexp_like'], 'regexp_l']);
    expect(c('SELECT count(*) FROM pr')).toEqual([['prod'], 'pr']);
    expect(c('SELECT eventn')).toEqual([['eventName'], 'eventn']);
    expect(c('SELECT ')).toEqual([[], '']);
  });

  it('completes struct fields at any depth, after an alias too, ignoring case', () => {
    expect(c('SELECT userIdentity.sessionContext.sessionIssuer.u')[0]).toEqual(['userIdentity.sessionContext.sessionIssuer.userName']);
    expect(c('SELECT useridentity.')[0]).toContain('useridentity.sessionContext');
    expect(c('SELECT t.tlsDetails.')[0]).toEqual(['t.tlsDetails.tlsVersion', 't.tlsDetails.cipherSuite', 't.tlsDetails.clientProvidedHostHeader']);
    expect(c('SELECT eventName.')[0]).toEqual([]);
  });

  it('completes dot-commands and their arguments', () => {
    expect(c('.u')).toEqual([['.use '], '.u']);
    expect(c('.use s')).toEqual([['sample'], 's']);
    expect(c('.read fi')).toEqual([[], 'fi']);
  });
});

describe('schema tree', () => {
  it('holds every queryable path with its SQL type', () => {
    expect(SCHEMA.map((n) => n.name)).toContain('eventJson');
    expect(SCHEMA.map((n) => n.name)).not.toContain('_extra');
    expect(fieldsAt(['USERIDENTITY', 'sessioncontext', 'sessionissuer'])?.map((n) => `${n.name}:${n.type}`)).toEqual(['type:varchar', 'principalId:varchar', 'arn:varchar', 'accountId:varchar', 'userName:varchar']);
    expect(fieldsAt(['eventTime'])).toBeNull();
    expect(SCHEMA.find((n) => n.name === 'eventTime')?.type).toBe('timestamp');
  });
});
