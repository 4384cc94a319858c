// Inflating a GZIP-compressed Parquet page. The page header gives its size, so
// the output is one buffer of that size (gunzipSync's default grows 16 KiB
// chunks and concatenates them), and a gzip member with the plain 10-byte
// header (every writer we know: zlib, Java's GZIPOutputStream) is inflated raw,
// without the CRC-32 pass over the output (file integrity is the manifest's
// SHA-256, checked by `verify`). Anything else goes through gunzipSync.
// Measured on a 135 KB page of IP strings: 221-256 us -> 148-160 us.

import { gunzipSync, inflateRawSync } from 'node:zlib';

const HEADER = 10, TRAILER = 8;

export function inflatePage(raw: Buffer, size: number): Buffer {
  if (size > 0 && raw.length > HEADER + TRAILER && raw[0] === 0x1f && raw[1] === 0x8b && raw[2] === 8 && raw[3] === 0 && raw.readUInt32LE(raw.length - 4) === size) {
    const out = inflateRawSync(raw.subarray(HEADER, raw.length - TRAILER), { chunkSize: Math.max(size, 64), maxOutputLength: size });
    if (out.length === size) return out;
  }
  return gunzipSync(raw, size > 0 ? { chunkSize: Math.max(size, 64) } : {});
}
