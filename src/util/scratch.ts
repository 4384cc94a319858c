// Typed arrays reused from call to call. On this machine fresh memory is paid
// for twice, in page faults and in V8's collections (which the growth of
// buffer memory starts): a write task's per-column arrays, allocated anew,
// cost a tenth of the write stage. What take() returns is valid until its
// next call.

type Typed = Uint8Array | Int32Array | Float64Array;

export class Scratch<T extends Typed> {
  private array: T;

  constructor(private readonly make: new (length: number) => T) {
    this.array = new make(0);
  }

  /** `n` elements (their contents undefined), in memory the next take() reuses. */
  take(n: number): T {
    if (this.array.length < n) this.array = new this.make(Math.max(n, 2 * this.array.length));
    return this.array.subarray(0, n) as T;
  }
}
