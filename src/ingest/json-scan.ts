// A strict JSON scanner over UTF-8 bytes, for ingest's fast path: it accepts
// exactly what JSON.parse accepts (RFC 8259 grammar; the bytes are already known
// to be valid UTF-8) and builds nothing. Scanning a value returns where it ends
// and sets flags saying whether JSON.stringify(JSON.parse(span)) would give the
// span back byte for byte (no whitespace, escapes only where stringify writes
// them, integers only, no key that sorts as an array index). A syntax error
// throws SCAN_ERROR; the caller then falls back to JSON.parse for its message.

/** Thrown on any syntax error (the slow path reports where). */
export const SCAN_ERROR = new Error('JSON syntax error');

/** Whitespace between tokens. */
export const F_WS = 1;
/** Something JSON.stringify would write differently: `\/`, `\u`, a non-integer or long number, `-0`, a digit-leading key. */
export const F_NONCANON = 2;
/** A string with a backslash escape (its bytes are not its value). */
export const F_ESC = 4;

const MAX_DEPTH = 512;

/** 1 for the characters after a backslash that JSON.stringify itself writes (`"` `\` b f n r t). */
const CANON_ESC = new Uint8Array(256);
for (const c of '"\\bfnrt') CANON_ESC[c.charCodeAt(0)] = 1;
const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

export class JsonScanner {
  /** Flags of what was scanned since the caller last reset them. */
  flags = 0;

  /** The same bytes, read four at a time where a string has no special byte. */
  readonly dv: DataView;

  constructor(readonly b: Uint8Array, readonly n: number) {
    this.dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }

  /** Skips whitespace from `i`; sets F_WS if there was any. */
  ws(i: number): number {
    const b = this.b, n = this.n;
    const start = i;
    while (i < n) {
      const c = b[i]!;
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
      i++;
    }
    if (i !== start) this.flags |= F_WS;
    return i;
  }

  /** `i` is at an opening quote; returns the position after the closing quote. */
  string(i: number): number {
    const b = this.b, n = this.n, dv = this.dv;
    i++;
    for (;;) {
      // Four bytes at a time while none is `"`, `\` or a control byte. SWAR: for a
      // 32-bit v, (v - 0x01010101) & ~v & 0x80808080 is nonzero iff a byte of v is
      // 0, and (v - 0x20202020) & ~v & 0x80808080 iff a byte is below 0x20. The
      // lowest flagged byte is a true one (a borrow only flags bytes above it), so
      // the scan steps straight to it.
      while (i <= n - 4) {
        const x = dv.getInt32(i, true);
        const q = x ^ 0x22222222, bs = x ^ 0x5c5c5c5c;
        const hit = (((q - 0x01010101) & ~q) | ((bs - 0x01010101) & ~bs) | ((x - 0x20202020) & ~x)) & 0x80808080;
        if (hit !== 0) {
          i += (31 - Math.clz32(hit & -hit)) >> 3;
          break;
        }
        i += 4;
      }
      while (i < n) {
        const c = b[i]!;
        if (c === 34 || c === 92 || c < 32) break;
        i++;
      }
      if (i >= n) throw SCAN_ERROR;
      const c = b[i]!;
      if (c === 34) return i + 1;
      if (c < 32) throw SCAN_ERROR;
      // a backslash
      const e = b[i + 1]!;
      this.flags |= F_ESC;
      if (i + 1 < n && CANON_ESC[e]) {
        i += 2;
      } else if (e === 47) { // \/
        this.flags |= F_NONCANON;
        i += 2;
      } else if (e === 117 && i + 5 < n && HEX[b[i + 2]!] && HEX[b[i + 3]!] && HEX[b[i + 4]!] && HEX[b[i + 5]!]) {
        this.flags |= F_NONCANON;
        i += 6;
      } else throw SCAN_ERROR;
    }
  }

  /** A number at `i` (`-` or a digit); canonical when an integer of at most 15 digits, not -0. */
  number(i: number): number {
    const b = this.b, n = this.n;
    const start = i;
    if (b[i] === 45) i++;
    const first = i;
    if (i >= n) throw SCAN_ERROR;
    if (b[i] === 48) i++;
    else if (b[i]! >= 49 && b[i]! <= 57) while (i < n && b[i]! >= 48 && b[i]! <= 57) i++;
    else throw SCAN_ERROR;
    const digits = i - first;
    let canon = digits <= 15 && !(b[start] === 45 && b[first] === 48);
    if (i < n && b[i] === 46) {
      canon = false;
      i++;
      const d = i;
      while (i < n && b[i]! >= 48 && b[i]! <= 57) i++;
      if (i === d) throw SCAN_ERROR;
    }
    if (i < n && (b[i] === 101 || b[i] === 69)) {
      canon = false;
      i++;
      if (i < n && (b[i] === 43 || b[i] === 45)) i++;
      const d = i;
      while (i < n && b[i]! >= 48 && b[i]! <= 57) i++;
      if (i === d) throw SCAN_ERROR;
    }
    if (!canon) this.flags |= F_NONCANON;
    return i;
  }

  /** `word` (true, false, null) at `i`. */
  literal(i: number, word: Uint8Array): number {
    const b = this.b;
    if (i + word.length > this.n) throw SCAN_ERROR;
    for (let k = 0; k < word.length; k++) if (b[i + k] !== word[k]) throw SCAN_ERROR;
    return i + word.length;
  }

  /** Any JSON value at `i` (no leading whitespace); returns the position after it. */
  value(i: number, depth = 0): number {
    const b = this.b;
    if (i >= this.n) throw SCAN_ERROR;
    const c = b[i]!;
    switch (c) {
      case 34:
        return this.string(i);
      case 123:
        return this.object(i, depth);
      case 91:
        return this.array(i, depth);
      case 116:
        return this.literal(i, TRUE);
      case 102:
        return this.literal(i, FALSE);
      case 110:
        return this.literal(i, NULL);
      default:
        if (c === 45 || (c >= 48 && c <= 57)) return this.number(i);
        throw SCAN_ERROR;
    }
  }

  object(i: number, depth: number): number {
    if (depth >= MAX_DEPTH) throw SCAN_ERROR;
    const b = this.b;
    i = this.ws(i + 1);
    if (b[i] === 125) return i + 1;
    for (;;) {
      if (b[i] !== 34) throw SCAN_ERROR;
      // A key that is an array index is enumerated first by JSON.parse's object.
      const k = b[i + 1]!;
      if (k >= 48 && k <= 57) this.flags |= F_NONCANON;
      i = this.ws(this.string(i));
      if (b[i] !== 58) throw SCAN_ERROR;
      i = this.ws(this.value(this.ws(i + 1), depth + 1));
      const c = b[i];
      if (c === 44) i = this.ws(i + 1);
      else if (c === 125) return i + 1;
      else throw SCAN_ERROR;
    }
  }

  array(i: number, depth: number): number {
    if (depth >= MAX_DEPTH) throw SCAN_ERROR;
    const b = this.b;
    i = this.ws(i + 1);
    if (b[i] === 93) return i + 1;
    for (;;) {
      i = this.ws(this.value(i, depth + 1));
      const c = b[i];
      if (c === 44) i = this.ws(i + 1);
      else if (c === 93) return i + 1;
      else throw SCAN_ERROR;
    }
  }
}

const bytesOf = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const TRUE = bytesOf('true'), FALSE = bytesOf('false'), NULL = bytesOf('null');
