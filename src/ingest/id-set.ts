// A set of eventIDs in typed arrays. CloudTrail eventIDs are lowercase UUIDs:
// those are kept as four 32-bit words in an open-addressing hash table (16 bytes
// each instead of ~100 for a JS string in a Set). Anything else goes to a Set.

const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) HEX[97 + i] = 10 + i;

const words = new Uint32Array(4);

/** parseUuid over UTF-8 bytes `b[s, e)` (the eventID column of a batch): no string made. */
function parseUuidBytes(b: Uint8Array, s: number, e: number): boolean {
  if (e - s !== 36) return false;
  let w = 0, v = 0, digits = 0;
  for (let i = 0; i < 36; i++) {
    const ch = b[s + i]!;
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (ch !== 45) return false;
      continue;
    }
    const h = ch < 128 ? HEX[ch]! : -1;
    if (h < 0) return false;
    v = (v << 4) | h;
    if (++digits === 8) {
      words[w++] = v >>> 0;
      v = 0;
      digits = 0;
    }
  }
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
  private table = new Uint32Array(4 * 1024);
  private used = new Uint8Array(1024);
  private uuids = 0;
  private readonly other = new Set<string>();

  get size(): number {
    return this.uuids + this.other.size;
  }

  /** Adds an ID; false if it was already there. */
  add(id: string): boolean {
    if (!parseUuid(id)) {
      if (this.other.has(id)) return false;
      this.other.add(id);
      return true;
    }
    if ((this.uuids + 1) * 2 > this.used.length) this.grow();
    if (!this.insert(words[0]!, words[1]!, words[2]!, words[3]!)) return false;
    this.uuids++;
    return true;
  }

  /** add() for an ID given as UTF-8 bytes `b[s, e)`: UUIDs are read from the bytes, others decoded. */
  addBytes(b: Uint8Array, s: number, e: number): boolean {
    if (!parseUuidBytes(b, s, e)) return this.add(decoder.decode(b.subarray(s, e)));
    if ((this.uuids + 1) * 2 > this.used.length) this.grow();
    if (!this.insert(words[0]!, words[1]!, words[2]!, words[3]!)) return false;
    this.uuids++;
    return true;
  }

  private insert(a: number, b: number, c: number, d: number): boolean {
    const mask = this.used.length - 1;
    let slot = (Math.imul(a ^ Math.imul(b, 0x9e3779b1) ^ Math.imul(c, 0x85ebca6b) ^ d, 0xc2b2ae35) >>> 0) & mask;
    const t = this.table;
    while (this.used[slot]) {
      const k = slot * 4;
      if (t[k] === a && t[k + 1] === b && t[k + 2] === c && t[k + 3] === d) return false;
      slot = (slot + 1) & mask;
    }
    this.used[slot] = 1;
    const k = slot * 4;
    t[k] = a;
    t[k + 1] = b;
    t[k + 2] = c;
    t[k + 3] = d;
    return true;
  }

  private grow(): void {
    const oldT = this.table, oldU = this.used;
    this.table = new Uint32Array(oldT.length * 2);
    this.used = new Uint8Array(oldU.length * 2);
    for (let s = 0; s < oldU.length; s++) {
      if (oldU[s]) this.insert(oldT[s * 4]!, oldT[s * 4 + 1]!, oldT[s * 4 + 2]!, oldT[s * 4 + 3]!);
    }
  }
}
