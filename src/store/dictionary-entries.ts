// A chunk's dictionary as the reader hands it over: its entries, made into JS
// strings only when first asked for. A needle that reaches 50 rows of a
// row group reads the whole dictionary page of each column it touches (a few
// thousand source IPs or error messages), but needs a string for only the
// handful of entries those rows use: making all of them was a sixth of the
// console-failures query (1M events, cpuprofile).

/** Entries of a dictionary, by index. */
export interface DictionaryEntries {
  readonly size: number;
  get(i: number): string;
}

/** The entries of a PLAIN-encoded dictionary page (a 4-byte length before each value). */
export class PageEntries implements DictionaryEntries {
  private readonly starts: Int32Array;
  private readonly made: (string | undefined)[];

  constructor(private readonly page: Buffer, readonly size: number) {
    const starts = new Int32Array(size + 1);
    let p = 0;
    for (let i = 0; i < size; i++) {
      starts[i] = p + 4;
      p += 4 + (page[p]! | (page[p + 1]! << 8) | (page[p + 2]! << 16) | (page[p + 3]! << 24));
    }
    starts[size] = p + 4;
    if (p > page.length) throw new RangeError(`dictionary page of ${size} entries overruns its ${page.length} bytes`);
    this.starts = starts;
    this.made = new Array<string | undefined>(size);
  }

  get(i: number): string {
    let s = this.made[i];
    if (s === undefined) s = this.made[i] = this.page.toString('utf8', this.starts[i]!, this.starts[i + 1]! - 4);
    return s;
  }
}

/** Entries over strings already made (tests, and dictionaries built in memory). */
export class ListEntries implements DictionaryEntries {
  constructor(private readonly list: readonly string[]) {}
  get size(): number {
    return this.list.length;
  }
  get(i: number): string {
    return this.list[i]!;
  }
}

/** Every entry, in order. */
export const allEntries = (d: DictionaryEntries): string[] => Array.from({ length: d.size }, (_, i) => d.get(i));
