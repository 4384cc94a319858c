// A set of (eventID, tag) pairs in typed arrays; dedupe tags an ID with its
// eventTime's millisecond within the hour. CloudTrail eventIDs are lowercase
// UUIDs: those are kept as four 32-bit words and the tag in an open-addressing
// hash table (20 bytes each instead of ~100 for a JS string in a Set). Anything
// else goes to a Set.
// Ingest adds every event's ID on the main thread (dedupe.ts), so a UUID is
// read in four fixed 8-digit strides and a slot is one 20-byte row of a single
// array (an empty slot has a zero tag word: tags are stored plus one): 295 -> 193
// ns of CPU an ID (1M random UUIDs into 50 sets, 16-byte rows then).
// save() and load() turn a set into bytes and back (dedupe.ts spills sets to disk).

/** Hex digit value per byte, -16 (which makes the OR of a stride negative) for anything else. */
const HEX = new Int32Array(256).fill(-16);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) HEX[97 + i] = 10 + i;

const words = new Uint32Array(4);

/** Eight hex digits at b[s, s + 8) as a number, or a negative one if any is not a lowercase hex digit. */
function stride(b: Uint8Array, s: number): number {
  const d0 = HEX[b[s]!]!, d1 = HEX[b[s + 1]!]!, d2 = HEX[b[s + 2]!]!, d3 = HEX[b[s + 3]!]!;
  const d4 = HEX[b[s + 4]!]!, d5 = HEX[b[s + 5]!]!, d6 = HEX[b[s + 6]!]!, d7 = HEX[b[s + 7]!]!;
  if ((d0 | d1 | d2 | d3 | d4 | d5 | d6 | d7) < 0) return -1;
  return ((d0 << 28) | (d1 << 24) | (d2 << 20) | (d3 << 16) | (d4 << 12) | (d5 << 8) | (d6 << 4) | d7) >>> 0;
}

/** Four hex digits at b[s, s + 4), or a negative number. */
function half(b: Uint8Array, s: number): number {
  const d0 = HEX[b[s]!]!, d1 = HEX[b[s + 1]!]!, d2 = HEX[b[s + 2]!]!, d3 = HEX[b[s + 3]!]!;
  if ((d0 | d1 | d2 | d3) < 0) return -1;
  return (d0 << 12) | (d1 << 8) | (d2 << 4) | d3;
}

/** Parses the lowercase UUID in UTF-8 bytes `b[s, e)` into `words` (no string made); false for anything else. */
function parseUuidBytes(b: Uint8Array, s: number, e: number): boolean {
  if (e - s !== 36 || b[s + 8] !== 45 || b[s + 13] !== 45 || b[s + 18] !== 45 || b[s + 23] !== 45) return false;
  const w0 = stride(b, s), h1 = half(b, s + 9), h2 = half(b, s + 14), h3 = half(b, s + 19), h4 = half(b, s + 24), w3 = stride(b, s + 28);
  if (w0 < 0 || h1 < 0 || h2 < 0 || h3 < 0 || h4 < 0 || w3 < 0) return false;
  words[0] = w0;
  words[1] = ((h1 << 16) | h2) >>> 0;
  words[2] = ((h3 << 16) | h4) >>> 0;
  words[3] = w3;
  return true;
}

const decoder = new TextDecoder();

const encoder = new TextEncoder();
const scratch = new Uint8Array(36);

/** Parses a lowercase UUID into `words`; false for anything else. */
function parseUuid(id: string): boolean {
  if (id.length !== 36) return false;
  const { written } = encoder.encodeInto(id, scratch);
  return written === 36 && parseUuidBytes(scratch, 0, 36);
}

export class IdSet {
  /** Slot k is table[5k, 5k + 5): a UUID's four words and its tag + 1; all zeros when empty. */
  private table = new Uint32Array(5 * 1024);
  private slots = 1024;
  private uuids = 0;
  /** Other IDs, as `${tag} ${id}`. */
  private readonly other = new Set<string>();

  /** Makes room for `more` UUIDs at once (at most half the slots used), rather than growing by doubling as they come. */
  reserve(more: number): void {
    let slots = this.slots;
    while ((this.uuids + more) * 2 > slots) slots *= 2;
    if (slots > this.slots) this.grow(slots);
  }

  get size(): number {
    return this.uuids + this.other.size;
  }

  /** Adds (id, tag); false if it was already there. A tag is a whole number below 2^32 - 1. */
  add(id: string, tag = 0): boolean {
    if (!parseUuid(id)) {
      const key = `${tag} ${id}`;
      if (this.other.has(key)) return false;
      this.other.add(key);
      return true;
    }
    return this.addWords(tag);
  }

  /** add() for an ID given as UTF-8 bytes `b[s, e)`: UUIDs are read from the bytes, others decoded. */
  addBytes(b: Uint8Array, s: number, e: number, tag = 0): boolean {
    if (!parseUuidBytes(b, s, e)) return this.add(decoder.decode(b.subarray(s, e)), tag);
    return this.addWords(tag);
  }

  private addWords(tag: number): boolean {
    if ((this.uuids + 1) * 2 > this.slots) this.grow(this.slots * 2);
    if (!this.insert(words[0]!, words[1]!, words[2]!, words[3]!, (tag + 1) >>> 0)) return false;
    this.uuids++;
    return true;
  }

  /** Inserts a UUID with its stored tag (nonzero); false if it was there. */
  private insert(a: number, b: number, c: number, d: number, g: number): boolean {
    const mask = this.slots - 1, t = this.table;
    let slot = (Math.imul(a ^ Math.imul(b, 0x9e3779b1) ^ Math.imul(c, 0x85ebca6b) ^ d ^ Math.imul(g, 0x27d4eb2f), 0xc2b2ae35) >>> 0) & mask;
    for (;;) {
      const k = slot * 5;
      const v = t[k + 4]!;
      if (v === 0) {
        t[k] = a;
        t[k + 1] = b;
        t[k + 2] = c;
        t[k + 3] = d;
        t[k + 4] = g;
        return true;
      }
      if (v === g && t[k] === a && t[k + 1] === b && t[k + 2] === c && t[k + 3] === d) return false;
      slot = (slot + 1) & mask;
    }
  }

  /**
   * The set as bytes (native-endian: for this process's own spill files). A chunk:
   * three u32 (UUID entries, other IDs, their bytes padded to 4), five words per
   * UUID entry, the other IDs' byte lengths, their UTF-8 bytes. load() reads chunks back to back.
   */
  save(): Uint8Array {
    const others = [...this.other].map((id) => encoder.encode(id));
    const otherBytes = others.reduce((n, b) => n + b.length, 0);
    const head = 3 + this.uuids * 5 + others.length;
    const out = new Uint8Array(head * 4 + ((otherBytes + 3) & ~3));
    const u32 = new Uint32Array(out.buffer, 0, head);
    u32[0] = this.uuids;
    u32[1] = others.length;
    u32[2] = otherBytes;
    let w = 3;
    const t = this.table;
    for (let k = 0; k < t.length; k += 5) {
      if (t[k + 4] === 0) continue;
      u32.set(t.subarray(k, k + 5), w);
      w += 5;
    }
    let b = head * 4;
    for (const bytes of others) {
      u32[w++] = bytes.length;
      out.set(bytes, b);
      b += bytes.length;
    }
    return out;
  }

  /** Adds every entry of the chunks in `bytes` (made by save()). */
  load(bytes: Uint8Array): void {
    const buf = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
    const u32 = new Uint32Array(buf.buffer, buf.byteOffset, buf.byteLength >>> 2);
    let w = 0;
    while (w < u32.length) {
      const uuids = u32[w]!, others = u32[w + 1]!, otherBytes = u32[w + 2]!;
      w += 3;
      this.reserve(uuids);
      for (let i = 0; i < uuids; i++, w += 5) {
        if (this.insert(u32[w]!, u32[w + 1]!, u32[w + 2]!, u32[w + 3]!, u32[w + 4]!)) this.uuids++;
      }
      let b = (w + others) * 4;
      for (let i = 0; i < others; i++) {
        const len = u32[w + i]!;
        this.other.add(decoder.decode(buf.subarray(b, b + len)));
        b += len;
      }
      w += others + ((otherBytes + 3) >>> 2);
    }
  }

  private grow(slots: number): void {
    const old = this.table;
    this.table = new Uint32Array(5 * slots);
    this.slots = slots;
    for (let k = 0; k < old.length; k += 5) {
      if (old[k + 4] !== 0) this.insert(old[k]!, old[k + 1]!, old[k + 2]!, old[k + 3]!, old[k + 4]!);
    }
  }
}
