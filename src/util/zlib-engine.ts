// One zlib stream driven synchronously through its native handle and reset
// between inputs, so that many small inputs share it. gzipSync and gunzipSync
// make (and free) a stream per call: for deflate ~20-40 us of set-up on this
// machine, as much as compressing a 2 KB page; for inflate ~5 us of a 35 KB
// delivery file's ~49, plus a fresh output buffer each time. Node's own
// zlibBufferSync drives the same handle, then closes it. Callers fall back to
// the *Sync functions wherever run() returns -1: no handle to drive (another
// Node), a zlib error (its message then comes from the fallback), or output
// that does not fit.

import zlib from 'node:zlib';

interface NativeHandle {
  onerror?: (...args: unknown[]) => void;
  reset(): void;
  writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void;
}

type Stream = zlib.Gzip | zlib.Gunzip | zlib.InflateRaw;

export class ZlibEngine {
  private failed = false;

  private constructor(
    private readonly handle: NativeHandle,
    /** [avail_out, avail_in] after each write. */
    private readonly state: Uint32Array,
  ) {}

  /**
   * An engine over a new stream, or null when its native handle cannot be
   * driven or fails `check` (a self-test the caller runs once).
   */
  static open(make: () => Stream, check: (e: ZlibEngine) => boolean): ZlibEngine | null {
    const z = make() as unknown as { _handle?: NativeHandle; _writeState?: Uint32Array };
    const handle = z._handle, state = z._writeState;
    if (!handle || typeof handle.writeSync !== 'function' || typeof handle.reset !== 'function' || !(state instanceof Uint32Array)) return null;
    const e = new ZlibEngine(handle, state);
    // A zlib error reaches the handle's onerror during writeSync, closes the stream and is emitted on it
    // later: the engine is marked at once (and its owner drops it).
    const onerror = handle.onerror;
    handle.onerror = function (this: unknown, ...args: unknown[]) {
      e.failed = true;
      return onerror?.apply(this, args);
    };
    (z as unknown as NodeJS.EventEmitter).on('error', () => void (e.failed = true));
    try {
      return check(e) && !e.failed ? e : null;
    } catch {
      return null;
    }
  }

  /** Whether a zlib error closed the stream: drop the engine. */
  get broken(): boolean {
    return this.failed;
  }

  /**
   * Runs all of `input` through the stream, from a reset, to its end
   * (Z_FINISH) into `out`; the bytes written, or -1 when it failed, did not
   * fit in `out`, or left input unread.
   */
  run(input: Uint8Array, out: Uint8Array): number {
    try {
      this.handle.reset();
      this.handle.writeSync(zlib.constants.Z_FINISH, input, 0, input.length, out, 0, out.length);
    } catch {
      this.failed = true;
    }
    const [availOut, availIn] = this.state;
    return this.failed || availOut === 0 || availIn !== 0 ? -1 : out.length - availOut!;
  }
}

/**
 * A thread's reused stream of one kind: opened (and self-checked) when first
 * asked for, and again after a zlib error closed it. Callers take their output
 * buffer after get(), since the self-check may use memory of its own.
 */
export class ReusedZlib {
  private engine: ZlibEngine | null | undefined;

  constructor(
    private readonly make: () => Stream,
    private readonly check: (e: ZlibEngine) => boolean,
  ) {}

  /** Whether a stream can be driven here, opening it now if need be (false: use the *Sync functions). */
  get(): boolean {
    if (this.engine === undefined) this.engine = ZlibEngine.open(this.make, this.check);
    return this.engine !== null;
  }

  /** ZlibEngine.run through the stream that get() opened; -1 without one. A broken stream is dropped. */
  run(input: Uint8Array, out: Uint8Array): number {
    const e = this.engine;
    if (!e) return -1;
    const n = e.run(input, out);
    if (e.broken) this.engine = undefined; // the next get() opens another
    return n;
  }
}

/**
 * A self-check for an inflating engine: `compress(text)` (the matching *Sync
 * function, called only when the check runs) must come back as exactly `text`,
 * with room to spare.
 */
export function inflatesBack(compress: (text: Buffer) => Uint8Array, text: Buffer): (e: ZlibEngine) => boolean {
  return (e) => {
    const out = Buffer.alloc(text.length + 1);
    return e.run(compress(text), out) === text.length && out.subarray(0, text.length).equals(text);
  };
}
