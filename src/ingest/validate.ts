// Record-level checks that decide whether one parsed record can be stored, and
// the content-derived eventID for records that carry none.

import { createHash } from 'node:crypto';
import { isPlainObject, type JsonObject } from '../model/record.js';
import { parseCanonicalTime, parseEventTime } from '../model/time.js';

/** CloudTrail's own limit on the size of one event. */
export const MAX_RECORD_BYTES = 256 * 1024;

export function looksLikeCloudTrail(record: unknown): record is JsonObject {
  return isPlainObject(record) && ('eventVersion' in record || 'eventSource' in record || 'eventName' in record);
}

/** Why a record cannot be stored, or null if it can. */
export function recordProblem(record: unknown): string | null {
  if (!isPlainObject(record)) return `not a JSON object (${Array.isArray(record) ? 'array' : typeof record})`;
  if (!looksLikeCloudTrail(record)) return 'not a CloudTrail record (no eventVersion, eventSource or eventName)';
  const t = record.eventTime;
  if (t === undefined) return 'no eventTime';
  if (typeof t !== 'string') return `eventTime is not a string (${JSON.stringify(t)})`;
  if (Number.isNaN(parseCanonicalTime(t)) && Number.isNaN(parseEventTime(t))) return `unparseable eventTime ${JSON.stringify(t)}`;
  return null;
}

export function sizeProblem(bytes: number): string | null {
  return bytes > MAX_RECORD_BYTES
    ? `record is ${Math.ceil(bytes / 1024)} KB, over CloudTrail's ${MAX_RECORD_BYTES / 1024} KB event limit`
    : null;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isPlainObject(v)) {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** A UUID-shaped ID from the record's content (key order does not matter). */
export function derivedEventId(record: JsonObject): string {
  const h = createHash('sha256').update(canonical(record)).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
