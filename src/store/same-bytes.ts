// Equality of two byte ranges of one buffer, the test dictionary building and
// sorting make once per row. Four bytes at a time through a DataView (V8
// inlines its loads; the ranges are rarely 4-byte aligned alike), the rest a
// byte at a time, and Buffer#compare (memcmp) only for long ranges: a native
// call costs ~220 ns whatever the length, the DataView loop 35 ns at 12 bytes
// and 156 ns at 126 (random ranges of a 1 MB buffer, this machine).

import { equalSpans, viewed, type ViewedBytes } from '../util/copy-bytes.js';

/** Bytes viewed as copy-bytes views them, and as a Buffer (for compare and copy). */
export interface ByteView extends ViewedBytes {
  readonly buf: Buffer;
}

export function byteView(bytes: Uint8Array): ByteView {
  // A literal, not a spread of viewed(): see model/batch.ts on spread-made objects in hot code.
  const { u8, dv } = viewed(bytes);
  return { u8, dv, buf: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

/** Whether [as, ae) and [bs, be) hold the same bytes. */
export function sameBytes(v: ByteView, as: number, ae: number, bs: number, be: number): boolean {
  const n = ae - as;
  if (n !== be - bs) return false;
  if (n > 320) return v.buf.compare(v.buf, bs, be, as, ae) === 0;
  return equalSpans(v, as, ae, v, bs, be);
}
