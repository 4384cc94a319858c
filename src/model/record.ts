// Record <-> column values, losslessly. `shredRecord` splits a parsed CloudTrail
// record into one value per leaf column plus a residual object (stored as JSON
// in `_extra`); `assembleRecord` inverts it. The rules that make it lossless:
//  - a known leaf is stored in its column only if its value has the column's type;
//    anything else (null, wrong type) stays in the residual;
//  - a group is present in columns iff one of its leaves is; a group that held no
//    storable leaf (e.g. `"sessionIssuer": {}`) is kept in the residual as is;
//  - eventTime is stored as epoch ms; if CloudTrail's canonical format of that
//    instant differs from the source text, the source text is kept too.

import { COL, COLUMNS, INTERNAL_COLUMNS, RECORD_FIELDS, type Field, type LeafType } from './fields.js';
import { formatEventTime, parseCanonicalTime, parseEventTime } from './time.js';

export type Value = string | number | boolean | null;
export type JsonObject = { [key: string]: unknown };

interface LeafNode { readonly kind: 'leaf'; readonly col: number; readonly type: LeafType }
interface GroupNode { readonly kind: 'group'; readonly children: ReadonlyMap<string, Node> }
type Node = LeafNode | GroupNode;

function compile(fields: readonly Field[], prefix: string[]): GroupNode {
  const children = new Map<string, Node>();
  for (const f of fields) {
    const path = [...prefix, f.name];
    if (f.kind === 'leaf') {
      if (path.length === 1 && INTERNAL_COLUMNS.has(f.name)) continue; // a record's own `_extra` is residual
      const col = COLUMNS.find((c) => c.name === path.join('.'))!.index;
      children.set(f.name, { kind: 'leaf', col, type: f.type });
    } else {
      children.set(f.name, compile(f.children, path));
    }
  }
  return { kind: 'group', children };
}

const ROOT = compile(RECORD_FIELDS, []);

export function isPlainObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Sets a key without ever touching the prototype (a record may carry `__proto__`). */
function put(obj: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

const NOT_STORED = 0, STORED = 1, STORED_KEEP_SOURCE = 2;

function storeLeaf(node: LeafNode, v: unknown, out: Value[]): number {
  switch (node.type) {
    case 'string':
      if (typeof v !== 'string') return NOT_STORED;
      out[node.col] = v;
      return STORED;
    case 'boolean':
      if (typeof v !== 'boolean') return NOT_STORED;
      out[node.col] = v;
      return STORED;
    case 'json':
      if (v === null || v === undefined) return NOT_STORED;
      out[node.col] = JSON.stringify(v);
      return STORED;
    case 'timestamp': {
      if (typeof v !== 'string') return NOT_STORED;
      const canonical = parseCanonicalTime(v);
      if (!Number.isNaN(canonical)) {
        out[node.col] = canonical;
        return STORED;
      }
      const ms = parseEventTime(v);
      if (Number.isNaN(ms)) return NOT_STORED;
      out[node.col] = ms;
      return formatEventTime(ms) === v ? STORED : STORED_KEEP_SOURCE;
    }
    default:
      return node.type satisfies never;
  }
}

interface Shredded { residual: JsonObject | null; extracted: boolean }

function shredGroup(obj: JsonObject, node: GroupNode, out: Value[]): Shredded {
  let residual: JsonObject | null = null;
  let extracted = false;
  for (const key in obj) {
    const v = obj[key];
    const child = node.children.get(key);
    if (child === undefined) {
      put((residual ??= {}), key, v);
    } else if (child.kind === 'leaf') {
      const r = storeLeaf(child, v, out);
      if (r !== NOT_STORED) extracted = true;
      if (r !== STORED) put((residual ??= {}), key, v);
    } else if (isPlainObject(v)) {
      const inner = shredGroup(v, child, out);
      if (inner.extracted) {
        extracted = true;
        if (inner.residual) put((residual ??= {}), key, inner.residual);
      } else {
        put((residual ??= {}), key, inner.residual ?? {});
      }
    } else {
      put((residual ??= {}), key, v);
    }
  }
  return { residual, extracted };
}

/**
 * Fills `out` (one slot per column, reset to null here) from a record.
 * The `_extra` slot gets the residual as JSON text, or null when there is none;
 * `_eventIDDerived` is left null (ingest sets it when it derives an eventID).
 */
export function shredRecord(record: JsonObject, out: Value[]): void {
  out.fill(null);
  const { residual } = shredGroup(record, ROOT, out);
  out[COL.extra] = residual === null ? null : JSON.stringify(residual);
}


function decodeLeaf(type: LeafType, v: Value): unknown {
  switch (type) {
    case 'string':
    case 'boolean':
      return v;
    case 'json':
      return JSON.parse(v as string);
    case 'timestamp':
      return formatEventTime(v as number);
    default:
      return type satisfies never;
  }
}

function merge(target: JsonObject, residual: JsonObject): void {
  for (const key in residual) {
    const rv = residual[key];
    const tv = Object.prototype.hasOwnProperty.call(target, key) ? target[key] : undefined;
    if (isPlainObject(rv) && isPlainObject(tv)) merge(tv, rv);
    else put(target, key, rv);
  }
}

/** Rebuilds the source record from column values (the inverse of shredRecord). */
export function assembleRecord(values: readonly Value[]): JsonObject {
  const record: JsonObject = {};
  for (const col of COLUMNS) {
    const v = values[col.index];
    if (v === null || v === undefined || INTERNAL_COLUMNS.has(col.name)) continue;
    if (col.index === COL.eventID && values[COL.derivedId] === true) continue;
    let target = record;
    for (let i = 0; i < col.path.length - 1; i++) {
      const key = col.path[i]!;
      const next = target[key];
      if (isPlainObject(next)) target = next;
      else target = target[key] = {} as JsonObject;
    }
    target[col.path[col.path.length - 1]!] = decodeLeaf(col.type, v);
  }
  const extra = values[COL.extra];
  if (typeof extra === 'string') merge(record, JSON.parse(extra) as JsonObject);
  return record;
}
