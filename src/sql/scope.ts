// Name resolution: which relation and column an identifier means. Store
// relations resolve paths through the CloudTrail record tree case-insensitively
// (so CloudTrail Lake's `userIdentity.arn` and Athena's `useridentity.arn` both
// work); derived relations (subqueries, CTEs) by their column names. A path that
// continues past a JSON column reads a field of that JSON.

import { QueryError } from '../exec/errors.js';
import { call, col, lit, type Expr } from '../plan/expr.js';
import type { SqlType } from '../plan/types.js';
import { EXTRA_COLUMN, INTERNAL_COLUMNS, RECORD_FIELDS, type Field as RecordField } from '../model/fields.js';

export const STRUCT_FN = '__struct';
export const RECORD_FN = '__record';
/** CloudTrail Lake's whole-event JSON column. */
export const EVENT_JSON = 'eventjson';
/** Record fields CloudTrail documents that have no column of their own (kept in `_extra`). */
const RESIDUAL_FIELDS = ['annotation'];

/** The Athena format of `date_partition` (the S3 delivery folder YYYY/MM/DD). */
export const ATHENA_DATE_FORMAT = '%Y/%m/%d';

/**
 * The partition columns of Athena's CloudTrail table (the athena-security-analytics
 * DDL), derived from the record: the region and account folders CloudTrail delivers
 * to, and the day folder, taken as the UTC date of eventTime (Athena's is the
 * delivery day, which differs for events delivered after midnight).
 */
function athenaPartition(name: string, prefix: string): Expr | null {
  switch (name.toLowerCase()) {
    case 'region_partition': return col(`${prefix}awsRegion`, 'varchar');
    case 'account_partition': return col(`${prefix}recipientAccountId`, 'varchar');
    case 'date_partition': return call('date_format', [col(`${prefix}eventTime`, 'timestamp'), lit(ATHENA_DATE_FORMAT, 'varchar')], 'varchar');
    default: return null;
  }
}

export interface Relation {
  /** Alias or table name used to qualify columns (lowercase), or null. */
  readonly alias: string | null;
  /** For a store: the prefix of its column names in the plan ('' or 'alias.'). */
  readonly store: { readonly prefix: string } | null;
  /** For a derived relation: its columns (plan name, display name, type). */
  readonly columns: readonly { readonly name: string; readonly display: string; readonly type: SqlType }[];
}

export const leafType = (t: string): SqlType => (t === 'boolean' ? 'boolean' : t === 'timestamp' ? 'timestamp' : t === 'json' ? 'json' : 'varchar');

/** All leaf paths below a record field, in storage order. */
export function leafPaths(f: RecordField, prefix: string): string[] {
  const p = prefix ? `${prefix}.${f.name}` : f.name;
  return f.kind === 'leaf' ? [p] : f.children.flatMap((c) => leafPaths(c, p));
}

/** The expression for a record field: a leaf column or a struct assembled as JSON. */
export function fieldExpr(f: RecordField, path: string, prefix: string): Expr {
  if (f.kind === 'leaf') return col(prefix + path, leafType(f.type));
  const leaves = leafPaths(f, path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '');
  return call(STRUCT_FN, [lit(path, 'varchar'), ...leaves.map((l) => col(prefix + l, leafType(fieldAt(l)!.type)))], 'json');
}

function fieldAt(path: string): (RecordField & { kind: 'leaf' }) | undefined {
  let fields: readonly RecordField[] = RECORD_FIELDS;
  let found: RecordField | undefined;
  for (const part of path.split('.')) {
    found = fields.find((f) => f.name === part);
    if (!found) return undefined;
    fields = found.kind === 'group' ? found.children : [];
  }
  return found?.kind === 'leaf' ? found : undefined;
}

/** Every leaf column of the record (the scan's full column list), internal ones included. */
export const ALL_LEAVES: readonly string[] = RECORD_FIELDS.flatMap((f) => leafPaths(f, ''));

export const recordExpr = (prefix: string): Expr => call(RECORD_FN, ALL_LEAVES.map((l) => col(prefix + l, leafType(fieldAt(l)!.type))), 'json');

/** Walks record fields by case-insensitive parts; returns the matched field, its exact path and the unmatched rest. */
function walkRecord(parts: readonly string[]): { field: RecordField; path: string; rest: string[] } | null {
  let fields: readonly RecordField[] = RECORD_FIELDS;
  let field: RecordField | null = null;
  const exact: string[] = [];
  let i = 0;
  for (; i < parts.length; i++) {
    const want = parts[i]!.toLowerCase();
    const f = fields.find((x) => x.name.toLowerCase() === want && !INTERNAL_COLUMNS.has(x.name));
    if (!f) break;
    field = f;
    exact.push(f.name);
    if (f.kind === 'leaf') { i++; break; }
    fields = f.children;
  }
  if (!field) return null;
  return { field, path: exact.join('.'), rest: parts.slice(i) as string[] };
}

/** `a.b` on a JSON value: one `field` access per remaining part. */
function jsonFields(e: Expr, rest: readonly string[]): Expr {
  return rest.reduce<Expr>((acc, name) => call('field', [acc, lit(name, 'varchar')], 'varchar'), e);
}

function resolveIn(rel: Relation, parts: readonly string[]): Expr | null {
  if (rel.store) {
    if (parts.length === 1 && parts[0]!.toLowerCase() === EVENT_JSON) return recordExpr(rel.store.prefix);
    const w = walkRecord(parts);
    if (!w && parts.length === 1) {
      const athena = athenaPartition(parts[0]!, rel.store.prefix);
      if (athena) return athena;
    }
    if (!w) {
      // Documented CloudTrail fields our typed model does not carry live in the residual JSON.
      const known = RESIDUAL_FIELDS.find((f) => f.toLowerCase() === parts[0]!.toLowerCase());
      return known ? jsonFields(col(`${rel.store.prefix}${EXTRA_COLUMN}`, 'json'), [known, ...parts.slice(1)]) : null;
    }
    const e = fieldExpr(w.field, w.path, rel.store.prefix);
    if (w.rest.length === 0) return e;
    // A field we have no column for inside a known struct (e.g. a field newer
    // than our model): it was kept in the residual JSON, at the same path.
    if (w.field.kind === 'group') return jsonFields(col(`${rel.store.prefix}${EXTRA_COLUMN}`, 'json'), [...w.path.split('.'), ...w.rest]);
    if (w.field.type !== 'json') return null;
    return jsonFields(e, w.rest);
  }
  const want = parts[0]!.toLowerCase();
  const c = rel.columns.find((x) => x.display.toLowerCase() === want);
  if (!c) return null;
  const e = col(c.name, c.type);
  return parts.length === 1 ? e : jsonFields(e, parts.slice(1));
}

export class Scope {
  constructor(readonly relations: readonly Relation[]) {}

  resolve(parts: readonly string[]): Expr {
    const matches: Expr[] = [];
    const first = parts[0]!.toLowerCase();
    if (parts.length > 1) {
      for (const rel of this.relations) {
        if (rel.alias === first) {
          const e = resolveIn(rel, parts.slice(1));
          if (e) return e;
        }
      }
    }
    for (const rel of this.relations) {
      const e = resolveIn(rel, parts);
      if (e) matches.push(e);
    }
    if (matches.length > 1) throw new QueryError(`column '${parts.join('.')}' is ambiguous: qualify it with a table alias`);
    if (matches.length === 1) return matches[0]!;
    const name = parts.join('.');
    const hint = didYouMean(name, this.candidates());
    throw new QueryError(`unknown column '${name}'${hint}`);
  }

  /** Names a user could have meant, for "did you mean". */
  candidates(): string[] {
    const out: string[] = [];
    for (const rel of this.relations) {
      if (rel.store) out.push(...ALL_LEAVES.filter((l) => !INTERNAL_COLUMNS.has(l)), ...RECORD_FIELDS.filter((f) => f.kind === 'group').map((f) => f.name), 'eventJson');
      else out.push(...rel.columns.map((c) => c.display));
    }
    return out;
  }
}

function distance(a: string, b: string): number {
  const d: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const t = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = t;
    }
  }
  return d[b.length]!;
}

/** ` (did you mean 'x'?)` for the closest candidate, or ''. */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const n = name.toLowerCase();
  let best = '', bestD = Infinity;
  for (const c of candidates) {
    const cl = c.toLowerCase();
    const dd = Math.min(distance(n, cl), cl.endsWith(`.${n}`) ? 1 : Infinity);
    if (dd < bestD) { bestD = dd; best = c; }
  }
  return best && bestD <= Math.max(2, Math.floor(n.length / 3)) ? ` (did you mean '${best}'?)` : '';
}
