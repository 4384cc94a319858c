// Typed arrays reused from call to call. On this machine fresh memory is paid
// for twice, in page faults and in V8's collections (which the growth of
// buffer memory starts): a write task's per-column arrays, allocated anew,
// cost a tenth of the write stage. What take() returns is valid until its
// next call.

type Typed = Uint8Array | Int32Array | Float64Array;

/**
 * Most bytes a Scratch keeps between calls: a larger request gets an array of
 * its own. What is kept counts against the 1 GiB an ingest may use: with 32
 * MiB and growth by doubling, a 10M-event ingest peaked 38 MiB higher.
 */
const MAX_KEPT = 8 << 20;

export class Scratch<T extends Typed> {
  private array: T;

  /** `make(n)`: a new array of n elements (a typed array, or a Buffer from allocUnsafeSlow). */
  constructor(private readonly make: (length: number) => T) {
    this.array = make(0);
  }

  /** `n` elements (their contents undefined), in memory the next take() reuses. */
  take(n: number): T {
    if (this.array.length >= n) return this.array.subarray(0, n) as T;
    if (n * this.array.BYTES_PER_ELEMENT > MAX_KEPT) return this.make(n);
    // A quarter more than asked: requests settle at a file's column sizes, so few regrowths and little slack.
    this.array = this.make(Math.min(Math.ceil(n * 1.25), MAX_KEPT / this.array.BYTES_PER_ELEMENT));
    return this.array.subarray(0, n) as T;
  }
}

export const int32Scratch = (): Scratch<Int32Array> => new Scratch((n) => new Int32Array(n));
export const float64Scratch = (): Scratch<Float64Array> => new Scratch((n) => new Float64Array(n));
export const uint8Scratch = (): Scratch<Uint8Array> => new Scratch((n) => new Uint8Array(n));
/** A Buffer's bytes, never from Node's shared pool. */
export const bufferScratch = (): Scratch<Buffer> => new Scratch((n) => Buffer.allocUnsafeSlow(n));
