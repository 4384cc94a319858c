// Ingest's fast path for CloudTrail's own delivery format, `{"Records":[...]}`,
// bare arrays of records and NDJSON: records are validated and shredded straight from the file's UTF-8 bytes into
// column byte ranges (SpanRow), with no JSON.parse, no record objects and no
// JSON.stringify of the JSON columns (their source bytes are copied when
// JSON.stringify would write the same bytes). The result is the same as
// shredRecord's on JSON.parse's output, with one exception: duplicate keys
// inside a JSON-typed value (requestParameters...) are kept as written, which
// reads back as the same value. A record it does not handle exactly (escaped
// or duplicate keys, an odd eventTime, no eventID...) is JSON.parse'd on its
// own and handed to the general path; a document it does not handle (another
// shape, a syntax error) is refused whole, and the caller reads it the general way.
// Interned columns' values are interned here, as entry indices of the parse
// task's tables; a userIdentity or tlsDetails object met before is taken from
// the SubtreeCache, not scanned again.

import { SpanRow } from '../model/batch.js';
import type { ColumnTables } from '../model/intern.js';
import { COPY_SLACK, copyShort, SHORT_COPY, viewed, type ViewedBytes } from '../util/copy-bytes.js';
import { COLUMNS, INTERNAL_COLUMNS, RECORD_FIELDS, type Field, type LeafType } from '../model/fields.js';
import { parseCanonicalTimeBytes } from '../model/time.js';
import { F_ESC, F_NONCANON, F_WS, JsonScanner, SCAN_ERROR } from './json-scan.js';
import { SubtreeCache } from './subtree-cache.js';
import { MAX_RECORD_BYTES } from './validate.js';

/** A key's name and closing quote, and the same bytes as little-endian 32-bit words (the whole ones): see keyIs. */
interface KeyBytes { readonly quoted: Uint8Array; readonly words: Int32Array }
/**
 * A key of the record's schema. Leaves and groups have the same fields (a
 * group's col is -1; a leaf's table, children and after are empty), so the
 * scanner's loads from them see one object shape: with two, keyIs alone cost a
 * quarter of the scanner's own time.
 */
interface NodeShape extends KeyBytes {
  readonly id: number;
  /** Index among its parent's children. */
  readonly at: number;
  readonly name: Uint8Array;
  /** A leaf's column and type. */
  readonly col: number;
  readonly type: LeafType;
  /** A group's key hash table (child indices), children, and next-key guesses. */
  readonly table: Int32Array;
  readonly children: Node[];
  /**
   * `after[k + 1]` is the index of the child whose key followed child k (after[0]:
   * the first key) in the last object of this group that had one: producers write
   * keys in a fixed order, so the next key is tried against it before it is
   * scanned, hashed and looked up.
   */
  readonly after: Int32Array;
  /** A record's own group (userIdentity, tlsDetails) of string leaves only: repeats are found in the SubtreeCache. */
  readonly cached: boolean;
}
interface Leaf extends NodeShape { readonly kind: 'leaf' }
interface Group extends NodeShape { readonly kind: 'group' }
type Node = Leaf | Group;
const NONE = new Int32Array(0);

let nodeCount = 0;

function hashKey(b: Uint8Array, s: number, e: number): number {
  let h = e - s;
  for (let k = s; k < e; k++) h = (Math.imul(h, 31) + b[k]!) | 0;
  return (h ^ (h >>> 11)) >>> 0;
}

function compile(fields: readonly Field[], prefix: string[], name: string, at: number): Group {
  const children: Node[] = [];
  for (const f of fields) {
    const path = [...prefix, f.name];
    const bytes = new Uint8Array(Buffer.from(f.name, 'utf8'));
    if (f.kind === 'leaf') {
      if (path.length === 1 && INTERNAL_COLUMNS.has(f.name)) continue; // a record's own `_extra` is residual
      const col = COLUMNS.find((c) => c.name === path.join('.'))!.index;
      const leaf: Leaf = { kind: 'leaf', id: nodeCount++, at: children.length, name: bytes, col, type: f.type, table: NONE, children: [], after: NONE, cached: false, ...keyBytes(bytes) };
      children.push(leaf);
    } else {
      children.push(compile(f.children, path, f.name, children.length));
    }
  }
  let size = 8;
  while (size < children.length * 4) size <<= 1;
  const table = new Int32Array(size).fill(-1);
  children.forEach((c, k) => {
    let slot = hashKey(c.name, 0, c.name.length) & (size - 1);
    while (table[slot] !== -1) slot = (slot + 1) & (size - 1);
    table[slot] = k;
  });
  const after = new Int32Array(children.length + 1).fill(-1);
  const bytes = new Uint8Array(Buffer.from(name, 'utf8'));
  const cached = prefix.length === 1 && onlyStrings(fields);
  return { kind: 'group', id: nodeCount++, at, name: bytes, col: -1, type: 'json', table, children, after, cached, ...keyBytes(bytes) };
}

function onlyStrings(fields: readonly Field[]): boolean {
  return fields.every((f) => (f.kind === 'leaf' ? f.type === 'string' || f.type === 'json' : onlyStrings(f.children)));
}

function keyBytes(name: Uint8Array): KeyBytes {
  const quoted = new Uint8Array(name.length + 1);
  quoted.set(name);
  quoted[name.length] = 34;
  const dv = new DataView(quoted.buffer);
  const words = Int32Array.from({ length: quoted.length >> 2 }, (_, k) => dv.getInt32(4 * k, true));
  return { quoted, words };
}

/**
 * Whether the bytes at `ks` are node's key and its closing quote: compared a
 * word at a time (the guessed key is right 94% of the time, and a byte loop
 * over ~12-byte keys cost a tenth of the scanner).
 */
function keyIs(dv: DataView, b: Uint8Array, n: number, ks: number, node: KeyBytes): boolean {
  const { quoted, words } = node;
  const end = ks + quoted.length;
  if (end > n) return false;
  let p = ks;
  for (let k = 0; k < words.length; k++, p += 4) if (dv.getInt32(p, true) !== words[k]) return false;
  for (; p < end; p++) if (b[p] !== quoted[p - ks]) return false;
  return true;
}

const ROOT = compile(RECORD_FIELDS, [], '', 0);
const SUBTREES = new SubtreeCache();
const COL_OF = (name: string) => COLUMNS.find((c) => c.name === name)!.index;
const EVENT_TIME = COL_OF('eventTime'), EVENT_ID = COL_OF('eventID'), AWS_REGION = COL_OF('awsRegion'), EXTRA = COL_OF('_extra');
const IDENTIFYING = [COL_OF('eventVersion'), COL_OF('eventSource'), COL_OF('eventName')];
const ascii = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const RECORDS_KEY = ascii('Records'), CLOUDTRAIL_EVENT = ascii('CloudTrailEvent');
const TRUE = ascii('true'), FALSE = ascii('false');

function lookup(g: Group, b: Uint8Array, s: number, e: number): Node | undefined {
  const mask = g.table.length - 1;
  for (let slot = hashKey(b, s, e) & mask; ; slot = (slot + 1) & mask) {
    const k = g.table[slot]!;
    if (k < 0) return undefined;
    const c = g.children[k]!;
    if (equals(b, s, e, c.name)) return c;
  }
}

function equals(b: Uint8Array, s: number, e: number, word: Uint8Array): boolean {
  if (e - s !== word.length) return false;
  for (let k = 0; k < word.length; k++) if (b[s + k] !== word[k]) return false;
  return true;
}

/**
 * A record's fields that shredRecord would leave out of the columns, written as
 * the JSON text JSON.stringify would give the residual object (`_extra`).
 */
const encoder = new TextEncoder();

class Residual {
  buf = new Uint8Array(4096);
  /** `buf`, viewed: the residual's span source. */
  view = viewed(this.buf);
  pos = 0;

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const b = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    b.set(this.buf.subarray(0, this.pos));
    this.buf = b;
    this.view = viewed(b);
  }

  byte(c: number): void {
    this.ensure(1);
    this.buf[this.pos++] = c;
  }

  bytes(src: ViewedBytes, s: number, e: number): void {
    this.ensure(e - s + COPY_SLACK);
    // Mostly keys: copied in JS, cheaper than a subarray and set() for them.
    if (e - s < SHORT_COPY) this.pos = copyShort(src, s, e, this.view, this.pos);
    else {
      this.buf.set(src.u8.subarray(s, e), this.pos);
      this.pos += e - s;
    }
  }

  text(s: string): void {
    this.ensure(s.length * 3);
    this.pos += encoder.encodeInto(s, this.buf.subarray(this.pos)).written;
  }
}

export interface FastSink {
  /** A shredded, accepted record of partition (region, UTC day of `time`). */
  row(row: SpanRow, region: string | null, time: number): void;
  /** A record the fast path leaves to the general path (parsed by JSON.parse); NDJSON gives its line's bytes. */
  record(record: unknown, n: number, bytes?: number): void;
}

export interface FastCounts {
  readonly shape: 'records' | 'array' | 'ndjson';
  records: number;
  accepted: number;
  expired: number;
}

/**
 * Shreds a `{"Records":[...]}` document, a bare array of records, or NDJSON
 * of two records or more (one object a line). Returns null when the document
 * is not one it handles whole (another shape, a syntax error, a record over
 * two lines, no record that looks like CloudTrail); the caller must then
 * discard what reached the sink and read the document the general way.
 */
export class FastRecords {
  private readonly row = new SpanRow();
  private readonly res = new Residual();
  /** One per thread, claimed by the instance using it: it holds copies of bytes, and entry indices of `tables`. */
  private readonly subtrees = SUBTREES;
  private readonly keyStamp = new Int32Array(nodeCount);
  /** Unknown keys of the objects being walked, as (start, end) pairs: to spot duplicates. */
  private unknown = new Int32Array(64);
  private unknownTop = 0;
  private s!: JsonScanner;
  /** The document's bytes (a plain Uint8Array view: Buffer#subarray is slower) and, for text, the Buffer. */
  private b!: Uint8Array;
  private buf!: Buffer;
  /** `b` with the scanner's DataView: the source of the record's spans. */
  private view!: ViewedBytes;
  /** Set when the current record needs the general path. */
  private slow = false;
  /** Set when the document needs the general path (an event-history item). */
  private refuse = false;
  private extracted = false;
  private count = 0;
  /**
   * awsRegion values met, by entry index (a string each, the same one each
   * time): a region's log holds its own events and, interleaved, global ones of
   * us-east-1, so the partition of a record is looked up with the same string.
   */
  private readonly regionNames: string[] = [];

  /** `tables`: where interned columns' values go (the parse task's). */
  constructor(private readonly tables: ColumnTables) {}

  /** With `firstLine`, `buf` is lines of an NDJSON file from that line on (a piece of a large file: big-ndjson.ts). */
  run(buf: Buffer, cutoffMs: number, sink: FastSink, firstLine?: number): FastCounts | null {
    this.subtrees.claim(this);
    this.refuse = false;
    try {
      return this.document(buf, cutoffMs, sink, firstLine);
    } catch (e) {
      // A JSON.parse error here would mean the scanner accepted what JSON.parse does not: the general path decides.
      if (e === SCAN_ERROR || e instanceof SyntaxError) return null;
      throw e;
    }
  }

  private document(buf: Buffer, cutoffMs: number, sink: FastSink, firstLine: number | undefined): FastCounts | null {
    const n = buf.length;
    const b = (this.b = new Uint8Array(buf.buffer, buf.byteOffset, n));
    const s = (this.s = new JsonScanner(b, n));
    this.view = { u8: b, dv: s.dv };
    this.buf = buf;
    const text = n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
    if (firstLine !== undefined) return this.lines(text, firstLine, cutoffMs, sink);
    let i = s.ws(text);
    const shape = b[i] === 91 ? 'array' : 'records';
    if (shape === 'records') {
      if (b[i] !== 123) return null;
      i = s.ws(i + 1);
      if (b[i] !== 34 || !equals(b, i + 1, i + 1 + RECORDS_KEY.length, RECORDS_KEY) || b[i + 1 + RECORDS_KEY.length] !== 34) {
        // An object that is not a Records document: NDJSON (two records or more; one is the general path's 'single').
        const counts = this.lines(text, 1, cutoffMs, sink);
        return counts && counts.records >= 2 ? counts : null;
      }
      i = s.ws(i + 2 + RECORDS_KEY.length);
      if (b[i] !== 58) return null;
      i = s.ws(i + 1);
      if (b[i] !== 91) return null;
    }
    i = s.ws(i + 1);
    const counts: FastCounts = { shape, records: 0, accepted: 0, expired: 0 };
    let looksLikeCloudTrail = false;
    if (b[i] !== 93) {
      for (;;) {
        if (b[i] !== 123) return null; // not an object: the general path rejects it by number
        const start = i;
        i = this.record(i);
        if (this.refuse) return null;
        if (this.settle(start, i, ++counts.records, undefined, counts, cutoffMs, sink)) looksLikeCloudTrail = true;
        i = s.ws(i);
        if (b[i] === 44) i = s.ws(i + 1);
        else if (b[i] === 93) break;
        else throw SCAN_ERROR;
      }
    }
    i = s.ws(i + 1);
    if (shape === 'records') {
      if (b[i] !== 125) return null; // more keys than Records
      i = s.ws(i + 1);
    }
    if (i !== n) return null;
    if (counts.records > 0 && !looksLikeCloudTrail) return null; // the general path says why the file is refused
    return counts;
  }

  /**
   * NDJSON from `i`, its first line numbered `line`: as parseNdjson reads it,
   * a record a line (numbered by line), blank lines skipped. A line that is not
   * one object, or a record over two lines, leaves the document to the general path.
   */
  private lines(i: number, line: number, cutoffMs: number, sink: FastSink): FastCounts | null {
    const b = this.b, n = b.length;
    const counts: FastCounts = { shape: 'ndjson', records: 0, accepted: 0, expired: 0 };
    let looksLikeCloudTrail = false;
    let lineStart = i;
    for (;;) {
      // JSON whitespace, counting the lines it ends (parseNdjson skips blank lines).
      for (let c = b[i]; i < n && (c === 32 || c === 10 || c === 13 || c === 9); c = b[++i]) {
        if (c === 10) {
          line++;
          lineStart = i + 1;
        }
      }
      if (i >= n) break;
      if (b[i] !== 123) return null;
      const start = i;
      i = this.record(i);
      if (this.refuse) return null;
      const newline = b.indexOf(10, start);
      if (newline !== -1 && newline < i) return null; // a record over several lines: not NDJSON
      let end = i;
      while (end < n && (b[end] === 32 || b[end] === 13 || b[end] === 9)) end++;
      if (end < n && b[end] !== 10) return null; // more than one value on the line
      counts.records++;
      if (this.settle(start, i, line, end - lineStart, counts, cutoffMs, sink)) looksLikeCloudTrail = true;
      i = end;
    }
    if (counts.records > 0 && !looksLikeCloudTrail) return null;
    return counts;
  }

  /**
   * The record just scanned, [start, end), number `n`: to the sink as a row, or
   * to the general path (JSON.parse'd; `bytes` its line's size for NDJSON).
   * Returns whether it looks like a CloudTrail record.
   */
  private settle(start: number, end: number, n: number, bytes: number | undefined, counts: FastCounts, cutoffMs: number, sink: FastSink): boolean {
    const row = this.row;
    if (!this.slow && !this.identified()) this.slow = true;
    if (this.slow || !row.has(EVENT_ID) || (end - start) * 8 > MAX_RECORD_BYTES) {
      // The general path: rejections, derived eventIDs, exact sizes, odd keys.
      const record = JSON.parse(this.buf.toString('utf8', start, end)) as unknown;
      sink.record(record, n, bytes);
      return isCloudTrailLike(record);
    }
    const time = row.num[EVENT_TIME]!;
    if (time < cutoffMs) counts.expired++;
    else {
      sink.row(row, this.region(), time);
      counts.accepted++;
    }
    return true;
  }

  private rec = 0;
  /** Node id of each column's leaf. */
  private readonly leafId: Int32Array = leafIds();

  /** Whether the record has eventVersion, eventSource or eventName (any value): looksLikeCloudTrail. */
  private identified(): boolean {
    for (const c of IDENTIFYING) if (this.keyStamp[this.leafId[c]!] === this.rec) return true;
    return false;
  }

  /** Shreds one record at `i` (an object) into this.row; returns the position after it. */
  private record(i: number): number {
    this.rec++;
    this.row.next();
    this.slow = false;
    this.res.pos = 0;
    this.res.byte(123);
    this.unknownTop = 0;
    i = this.group(ROOT, i, 0);
    if (this.count > 0) {
      this.res.byte(125);
      this.row.bytes(EXTRA, this.res.view, 0, this.res.pos);
    }
    if (!this.slow && !this.row.has(EVENT_TIME)) this.slow = true;
    return i;
  }

  /**
   * Walks an object of group `g` at `i`, storing its leaves and writing its
   * residual entries; leaves `extracted` (a leaf was stored) and `count`
   * (residual entries written) set for this object.
   */
  private group(g: Group, i: number, depth: number): number {
    const s = this.s, b = this.b, res = this.res;
    const base = this.unknownTop;
    let extracted = false, count = 0;
    /** Index of the last known child met in this object, -1 before any. */
    let prev = -1;
    i = s.ws(i + 1);
    if (b[i] === 125) {
      this.extracted = false;
      this.count = 0;
      return i + 1;
    }
    for (;;) {
      if (b[i] !== 34) throw SCAN_ERROR;
      const ks = i + 1;
      let node: Node | undefined;
      let keyFlags = 0;
      // The key that followed the same one last time, matched in place: its name has no quote or backslash.
      const guess = g.after[prev + 1]!;
      const guessed = guess >= 0 ? g.children[guess]! : null;
      if (guessed !== null && keyIs(s.dv, b, s.n, ks, guessed)) {
        node = guessed;
        i = ks + guessed.quoted.length;
      } else {
        s.flags = 0;
        i = s.string(i);
        keyFlags = s.flags;
        node = keyFlags & F_ESC ? undefined : lookup(g, b, ks, i - 1);
        if (node !== undefined) g.after[prev + 1] = node.at;
      }
      const ke = i - 1;
      if (node !== undefined) prev = node.at;
      // Whitespace between a group's tokens changes nothing stored: ws() only where a byte <= 32 says there is some.
      if (b[i]! <= 32) i = s.ws(i);
      if (b[i] !== 58) throw SCAN_ERROR;
      if (b[++i]! <= 32) i = s.ws(i);
      if (node === undefined) {
        // Unknown (or escaped) key: a residual entry. Digit-leading keys would be reordered by JSON.parse.
        if (keyFlags & F_ESC || (b[ks]! >= 48 && b[ks]! <= 57) || this.duplicateUnknown(base, ks, ke)) this.slow = true;
        if (depth === 0 && equals(b, ks, ke, CLOUDTRAIL_EVENT)) this.refuse = true;
        i = this.residualEntry(count++, ks, ke, i, depth);
      } else {
        if (this.keyStamp[node.id] === this.rec) this.slow = true; // a duplicate key: JSON.parse keeps the last
        this.keyStamp[node.id] = this.rec;
        const hit = node.kind === 'group' && node.cached && b[i] === 123 ? this.subtrees.find(node.id, this.view, i, s.n) : -1;
        if (hit >= 0) {
          // A subtree scanned before: its leaves (entry indices, spans at the same offsets from here) and residual entries.
          const cache = this.subtrees;
          cache.apply(hit, this.row, this.view, i);
          i += cache.length(hit);
          extracted = true;
          const rs = cache.residualStart(hit), re = cache.residualEnd(hit);
          if (re > rs) {
            if (count++ > 0) res.byte(44);
            this.key(ks, ke);
            res.byte(123);
            res.bytes(cache.arena, rs, re);
            res.byte(125);
          }
        } else if (node.kind === 'group') {
          if (b[i] === 123) {
            const mark = res.pos, start = i, from = this.row.count;
            if (count > 0) res.byte(44);
            this.key(ks, ke);
            res.byte(123);
            const inner = res.pos;
            i = this.group(node, i, depth + 1);
            if (node.cached && this.extracted && !this.slow) this.subtrees.add(this.view, start, i, this.row, from, this.tables, res.view, inner, this.count > 0 ? res.pos : inner);
            if (this.extracted) {
              extracted = true;
              if (this.count === 0) res.pos = mark;
              else {
                res.byte(125);
                count++;
              }
            } else {
              res.byte(125);
              count++;
            }
          } else i = this.residualEntry(count++, ks, ke, i, depth);
        } else {
          const j = this.leaf(node, i, depth);
          if (j < 0) i = this.residualEntry(count++, ks, ke, i, depth);
          else {
            i = j;
            extracted = true;
          }
        }
      }
      if (b[i]! <= 32) i = s.ws(i);
      if (b[i] === 44) {
        if (b[++i]! <= 32) i = s.ws(i);
      } else if (b[i] === 125) break;
      else throw SCAN_ERROR;
    }
    this.unknownTop = base;
    this.extracted = extracted;
    this.count = count;
    return i + 1;
  }

  /** Stores a leaf's value at `i` if it has the leaf's type; returns the end, or -1 when it belongs in the residual. */
  private leaf(node: Leaf, i: number, depth: number): number {
    const s = this.s, b = this.b, row = this.row;
    const c = b[i];
    switch (node.type) {
      case 'string': {
        if (c !== 34) return -1;
        s.flags = 0;
        const j = s.string(i);
        const str = s.flags & F_ESC ? (JSON.parse(this.buf.toString('utf8', i, j)) as string) : null;
        const table = this.tables[node.col]!;
        if (table !== null) row.number(node.col, str === null ? table.span(this.view, i + 1, j - 1) : table.string(str));
        else if (str !== null) row.string(node.col, str);
        else row.bytes(node.col, this.view, i + 1, j - 1);
        return j;
      }
      case 'boolean':
        if (c === 116 && equals(b, i, i + 4, TRUE)) {
          row.number(node.col, 1);
          return i + 4;
        }
        if (c === 102 && equals(b, i, i + 5, FALSE)) {
          row.number(node.col, 0);
          return i + 5;
        }
        return -1;
      case 'timestamp': {
        // Anything but CloudTrail's canonical form goes the general way (rejections, kept source text).
        if (c !== 34) {
          this.slow = true;
          return -1;
        }
        s.flags = 0;
        const j = s.string(i);
        const ms = s.flags & F_ESC ? NaN : parseCanonicalTimeBytes(b, i + 1, j - 1);
        if (Number.isNaN(ms)) this.slow = true;
        else row.number(node.col, ms);
        return j;
      }
      case 'json': {
        if (c === 110) return -1; // null: kept in the residual
        s.flags = 0;
        const j = s.value(i, depth + 1);
        if (s.flags & (F_WS | F_NONCANON)) row.string(node.col, this.restringify(i, j));
        else row.bytes(node.col, this.view, i, j);
        return j;
      }
      default:
        return node.type satisfies never;
    }
  }

  /** Writes `"key":value` (the value at `i`, as JSON.stringify writes it) into the residual; returns the value's end. */
  private residualEntry(count: number, ks: number, ke: number, i: number, depth: number): number {
    const s = this.s, res = this.res;
    if (count > 0) res.byte(44);
    this.key(ks, ke);
    s.flags = 0;
    const j = s.value(i, depth + 1);
    if (s.flags & (F_WS | F_NONCANON)) res.text(this.restringify(i, j));
    else res.bytes(this.view, i, j);
    return j;
  }

  private key(ks: number, ke: number): void {
    const res = this.res;
    res.byte(34);
    res.bytes(this.view, ks, ke);
    res.byte(34);
    res.byte(58);
  }

  /** JSON.stringify(JSON.parse(span)): the stored form of a value whose bytes differ from it. */
  private restringify(i: number, j: number): string {
    return JSON.stringify(JSON.parse(this.buf.toString('utf8', i, j)));
  }

  /** Whether key [ks, ke) repeats an unknown key of the same object; records it. */
  private duplicateUnknown(base: number, ks: number, ke: number): boolean {
    const u = this.unknown, b = this.b;
    let dup = false;
    for (let k = base; k < this.unknownTop; k += 2) {
      const s = u[k]!, e = u[k + 1]!;
      if (e - s !== ke - ks) continue;
      let same = true;
      for (let m = 0; m < e - s; m++) {
        if (b[s + m] !== b[ks + m]) {
          same = false;
          break;
        }
      }
      if (same) dup = true;
    }
    if (this.unknownTop + 2 > u.length) {
      this.unknown = new Int32Array(u.length * 2);
      this.unknown.set(u);
    }
    this.unknown[this.unknownTop++] = ks;
    this.unknown[this.unknownTop++] = ke;
    return dup;
  }

  /** awsRegion of the current record (an interned column), decoded once per entry. */
  private region(): string | null {
    const row = this.row;
    if (!row.has(AWS_REGION)) return null;
    const id = row.num[AWS_REGION]!;
    return (this.regionNames[id] ??= this.tables[AWS_REGION]!.text(id));
  }
}

function isCloudTrailLike(r: unknown): boolean {
  return typeof r === 'object' && r !== null && !Array.isArray(r) && ('eventVersion' in r || 'eventSource' in r || 'eventName' in r);
}

/** Node id of the leaf behind each column (-1 for internal columns). */
function leafIds(): Int32Array {
  const ids = new Int32Array(COLUMNS.length).fill(-1);
  const visit = (g: Group) => {
    for (const c of g.children) {
      if (c.kind === 'leaf') ids[c.col] = c.id;
      else visit(c);
    }
  };
  visit(ROOT);
  return ids;
}
