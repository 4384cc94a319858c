import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inflatePage } from '../../src/store/inflate.js';

const page = Buffer.from(Array.from({ length: 5000 }, (_, i) => `10.${i % 256}.${(i * 7) % 256}.1`).join(''));

describe('inflatePage', () => {
  it('inflates a plain gzip member to its known size', () => {
    const out = inflatePage(gzipSync(page, { level: 3 }), page.length);
    expect(out.equals(page)).toBe(true);
  });

  it('falls back to gunzip for a header with flags, two members, or a size that does not match', () => {
    const named = gzipSync(page);
    named[3] = 0x08; // FNAME set: a zero-terminated name follows the header
    const withName = Buffer.concat([named.subarray(0, 10), Buffer.from('page\0'), named.subarray(10)]);
    expect(inflatePage(withName, page.length).equals(page)).toBe(true);
    const half = page.length >> 1;
    const two = Buffer.concat([gzipSync(page.subarray(0, half)), gzipSync(page.subarray(half))]);
    expect(inflatePage(two, page.length).equals(page)).toBe(true);
    expect(inflatePage(gzipSync(page), -1).equals(page)).toBe(true);
    expect(inflatePage(gzipSync(page), page.length + 10).equals(page)).toBe(true);
  });

  it('throws on bytes that are not gzip', () => {
    expect(() => inflatePage(Buffer.from('not gzip at all, not at all'), 27)).toThrow();
  });

  it('gives each page its own buffer, and survives a corrupt page (the reused stream is replaced)', () => {
    const other = Buffer.from('x'.repeat(3000));
    const a = inflatePage(gzipSync(page, { level: 3 }), page.length);
    const b = inflatePage(gzipSync(other), other.length);
    expect(a.equals(page) && b.equals(other)).toBe(true);
    const bad = gzipSync(page);
    bad.fill(0xff, 20, 60); // a broken deflate stream behind a good header and trailer
    expect(() => inflatePage(bad, page.length)).toThrow();
    expect(inflatePage(gzipSync(page), page.length).equals(page)).toBe(true);
    // A trailer size smaller than the data: refused, not cut short.
    const short = gzipSync(page);
    short.writeUInt32LE(page.length - 1, short.length - 4);
    expect(() => inflatePage(short, page.length - 1)).toThrow();
  });
});
