// Typed arrays reused from call to call. On this machine fresh memory is paid
// for twice, in page faults and in V8's collections (which the growth of
// buffer memory starts): a write task's per-column arrays, allocated anew,
// cost a tenth of the write stage. What take() returns is valid until its
// next call.

type Typed = Uint8Array | Int32Array | Float64Array;

export class Scratch<T extends Typed> {
  private array: T;

  /** `make(n)`: a new array of n elements (a typed array, or a Buffer from allocUnsafeSlow). */
  constructor(private readonly make: (length: number) => T) {
    this.array = make(0);
  }

  /** `n` elements (their contents undefined), in memory the next take() reuses. */
  take(n: number): T {
    if (this.array.length < n) this.array = this.make(Math.max(n, 2 * this.array.length));
    return this.array.subarray(0, n) as T;
  }
}

export const int32Scratch = (): Scratch<Int32Array> => new Scratch((n) => new Int32Array(n));
export const float64Scratch = (): Scratch<Float64Array> => new Scratch((n) => new Float64Array(n));
export const uint8Scratch = (): Scratch<Uint8Array> => new Scratch((n) => new Uint8Array(n));
/** A Buffer's bytes, never from Node's shared pool. */
export const bufferScratch = (): Scratch<Buffer> => new Scratch((n) => Buffer.allocUnsafeSlow(n));
