// JSON functions over JSON text (json and varchar arguments alike), with
// Trino's JSONPath subset: `$`, `.key`, `["key"]`, `['key']`, `[key]`, `[0]`.
// A numeric step indexes arrays and also names an object member ("0"), as in
// Trino. Wildcards are refused. Paths parse once (cached); the last document
// parsed is kept, as queries often extract several paths from one value.
//
// Malformed JSON in the document: json_extract, json_extract_scalar, json_size
// and the json_array_* functions return NULL (Trino's JsonExtract returns NULL
// on a parse error); json_parse and is_json_scalar raise an error, as in Trino.
// Numbers re-serialize through JS (1.0 prints as 1).

import type { Value } from '../../plan/types.js';
import { QueryError } from '../errors.js';
import { define, str } from './args.js';

const PATHS = new Map<string, string[]>();
const BAD_KEY = /[\s"'\]\[]/;

function parsePath(path: string): string[] {
  let steps = PATHS.get(path);
  if (steps) return steps;
  const invalid = (why: string) => new QueryError(`invalid JSON path '${path}': ${why}`);
  const p = path.trim();
  if (p[0] !== '$') throw invalid('must start with $');
  steps = [];
  for (let i = 1; i < p.length;) {
    if (p[i] === '.') {
      const start = ++i;
      while (i < p.length && p[i] !== '.' && p[i] !== '[') i++;
      const key = p.slice(start, i);
      if (key === '*') throw invalid('wildcards are not supported');
      if (key === '' || BAD_KEY.test(key)) throw invalid(`bad key '${key}' at position ${start}`);
      steps.push(key);
    } else if (p[i] === '[') {
      const q = p[++i];
      if (q === '"' || q === "'") {
        let key = '';
        for (i++; i < p.length && p[i] !== q; i++) key += p[i] === '\\' ? p[++i] ?? '' : p[i];
        if (p[i] !== q || p[i + 1] !== ']') throw invalid('unterminated quoted key');
        steps.push(key);
        i += 2;
      } else {
        const end = p.indexOf(']', i);
        const key = end < 0 ? '' : p.slice(i, end).trim();
        if (key === '*') throw invalid('wildcards are not supported');
        if (key === '' || BAD_KEY.test(key)) throw invalid(`bad subscript at position ${i}`);
        steps.push(key);
        i = end + 1;
      }
    } else {
      throw invalid(`unexpected '${p[i]}' at position ${i}`);
    }
  }
  if (PATHS.size >= 1000) PATHS.clear();
  PATHS.set(path, steps);
  return steps;
}

let lastText: string | undefined;
let lastDoc: unknown;

/** The parsed value of JSON text, or undefined when the text is not valid JSON. */
export function parseJson(text: string): unknown {
  if (text !== lastText) {
    try {
      lastDoc = JSON.parse(text);
    } catch {
      lastDoc = undefined;
    }
    lastText = text;
  }
  return lastDoc;
}

const INDEX = /^\d+$/;

/** The member or element a step names, or undefined when absent. */
export function step(v: unknown, key: string): unknown {
  if (v === null || typeof v !== 'object') return undefined;
  if (Array.isArray(v)) return INDEX.test(key) ? v[+key] : undefined;
  return Object.hasOwn(v, key) ? (v as Record<string, unknown>)[key] : undefined;
}

function extract(text: Value, path: Value): unknown {
  const steps = parsePath(str(path));
  let v = parseJson(str(text));
  for (let i = 0; i < steps.length && v !== undefined; i++) v = step(v, steps[i]!);
  return v;
}

/** A JSON value as varchar the way json_extract_scalar gives it: strings unquoted, containers NULL. */
export function scalarText(v: unknown): string | null {
  if (v === undefined || v === null || typeof v === 'object') return null;
  return typeof v === 'string' ? v : String(v);
}

const compact = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

define({ name: 'json_extract', params: ['varchar', 'varchar'], returns: 'json', eval: (a) => compact(extract(a[0]!, a[1]!)) });
define({ name: 'json_extract_scalar', params: ['varchar', 'varchar'], returns: 'varchar', eval: (a) => scalarText(extract(a[0]!, a[1]!)) });
define({
  name: 'json_size', params: ['varchar', 'varchar'], returns: 'bigint',
  eval: (a) => {
    const v = extract(a[0]!, a[1]!);
    if (v === undefined) return null;
    return v === null || typeof v !== 'object' ? 0 : Array.isArray(v) ? v.length : Object.keys(v).length;
  },
});

define({
  name: 'json_parse', params: ['varchar'], returns: 'json',
  eval: (a) => {
    const v = parseJson(str(a[0]!));
    if (v === undefined) throw new QueryError(`json_parse: invalid JSON text '${str(a[0]!).slice(0, 100)}'`);
    return JSON.stringify(v);
  },
});
define({ name: 'json_format', params: ['varchar'], returns: 'varchar', eval: (a) => a[0]! });
define({
  name: 'is_json_scalar', params: ['varchar'], returns: 'boolean',
  eval: (a) => {
    const v = parseJson(str(a[0]!));
    if (v === undefined) throw new QueryError(`is_json_scalar: invalid JSON text '${str(a[0]!).slice(0, 100)}'`);
    return v === null || typeof v !== 'object';
  },
});

const arrayOf = (text: Value): unknown[] | null => {
  const v = parseJson(str(text));
  return Array.isArray(v) ? v : null;
};

define({ name: 'json_array_length', params: ['varchar'], returns: 'bigint', eval: (a) => arrayOf(a[0]!)?.length ?? null });
define({
  name: 'json_array_get', params: ['varchar', 'bigint'], returns: 'json',
  eval: (a) => {
    const arr = arrayOf(a[0]!);
    const i = a[1] as number;
    return arr ? compact(arr[i < 0 ? arr.length + i : i]) : null;
  },
});
define({
  name: 'json_array_contains', params: ['varchar', 'any'],
  returns: (t) => (['boolean', 'bigint', 'double', 'varchar', 'json', 'unknown'].includes(t[1]!) ? 'boolean' : `json_array_contains expects (json, boolean|bigint|double|varchar), got (${t.join(', ')})`),
  eval: (a) => {
    const arr = arrayOf(a[0]!);
    // Only elements of the value's JSON kind match: 1 does not match "1" or true.
    return arr ? arr.some((e) => e === a[1]) : null;
  },
});
