// Text of an input file -> the CloudTrail records in it, whatever the shape:
//   {"Records":[...]}            CloudTrail's S3 delivery (also Insights files)
//   [ {...}, ... ]               bare arrays of records
//   one record per line          NDJSON / JSONL
//   {"Events":[...]} or items    event-history / LookupEvents exports, where
//   with "CloudTrailEvent"       each item carries the record as a JSON string
// Shape comes from the content, never from the file name. Syntax errors make the
// whole file bad, with line and column.

import { BadFileError } from '../util/errors.js';
import { isPlainObject } from '../model/record.js';
import { findJsonError } from './json-error.js';

export type Shape = 'records' | 'array' | 'ndjson' | 'event-history' | 'single';

export interface Item {
  readonly record: unknown;
  /** 1-based position in the file: record number, or line for NDJSON. */
  readonly n: number;
  /** Exact UTF-8 size of the record's JSON text when the shape gives it cheaply. */
  readonly bytes?: number;
}

export interface Parsed {
  readonly shape: Shape;
  readonly items: Item[];
}

function lineCol(text: string, pos: number): string {
  let line = 1, last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return `line ${line}, column ${pos - last}`;
}

function syntaxError(e: unknown, text: string, lineOffset = 0): BadFileError {
  const at = findJsonError(text);
  if (!at) return new BadFileError(`malformed JSON: ${(e as Error).message}`);
  const where = lineCol(text, at.pos);
  const shifted = lineOffset ? where.replace(/^line (\d+)/, (_, l) => `line ${+l + lineOffset}`) : where;
  return new BadFileError(`malformed JSON at ${shifted}: ${at.message}`);
}

/** Items of an event-history export carry the record as an embedded JSON string. */
function unwrap(item: unknown, n: number): { record: unknown; embedded: boolean } {
  if (isPlainObject(item) && typeof item.CloudTrailEvent === 'string') {
    try {
      return { record: JSON.parse(item.CloudTrailEvent), embedded: true };
    } catch (e) {
      throw new BadFileError(`malformed CloudTrailEvent JSON in item ${n}: ${(e as Error).message}`);
    }
  }
  return { record: item, embedded: false };
}

function fromList(list: unknown[], shape: Shape): Parsed {
  let embedded = false;
  const items = list.map((it, i) => {
    const u = unwrap(it, i + 1);
    embedded ||= u.embedded;
    return { record: u.record, n: i + 1 };
  });
  return { shape: embedded ? 'event-history' : shape, items };
}

/** NDJSON records; `lineOffset` lines came before `text` in its file (a piece of a large file: big-ndjson.ts). */
export function parseNdjson(text: string, lineOffset = 0): Parsed {
  const items: Item[] = [];
  let embedded = false;
  let start = 0, line = lineOffset;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    line++;
    const raw = text.slice(start, end);
    start = end + 1;
    if (raw.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      throw syntaxError(e, raw, line - 1);
    }
    const u = unwrap(value, line);
    embedded ||= u.embedded;
    items.push({ record: u.record, n: line, bytes: u.embedded ? undefined : Buffer.byteLength(raw) });
  }
  return { shape: embedded ? 'event-history' : 'ndjson', items };
}

/** Whether the line at `from` is a complete JSON object by itself. */
export function firstLineIsObject(text: string, from: number): boolean {
  const end = text.indexOf('\n', from);
  try {
    return isPlainObject(JSON.parse(text.slice(from, end === -1 ? text.length : end)));
  } catch {
    return false;
  }
}

export function parseShape(text: string): Parsed {
  const first = text.search(/\S/);
  const c = text[first];
  if (c !== '{' && c !== '[') {
    throw new BadFileError(`not JSON: starts with ${JSON.stringify(text.slice(first, first + 12))}`);
  }
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch (e) {
    // A document that is not one JSON value may be one value per line: NDJSON
    // when its first line is a complete JSON object by itself.
    if (c === '{' && firstLineIsObject(text, first)) return parseNdjson(text);
    throw syntaxError(e, text);
  }
  if (Array.isArray(whole)) return fromList(whole, 'array');
  const obj = whole as Record<string, unknown>;
  if (Array.isArray(obj.Records)) return fromList(obj.Records, 'records');
  if (Array.isArray(obj.Events)) return fromList(obj.Events, 'event-history');
  if ('Records' in obj) throw new BadFileError('not CloudTrail: "Records" is not an array');
  const u = unwrap(obj, 1);
  return { shape: u.embedded ? 'event-history' : 'single', items: [{ record: u.record, n: 1, bytes: Buffer.byteLength(text.trim()) }] };
}
