// The set of eventNames in a data file, kept in the manifest so the planner can
// skip files without opening them: the names themselves when there are few, a
// Bloom filter (4096 bits, 4 hashes; ~0.4% false positives at 300 names) otherwise.

const FEW = 32;
const BITS = 4096;
const HASHES = 4;

export type NameSet = { readonly names: readonly string[] } | { readonly bloom: string };

function fnv1a(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function positions(name: string): number[] {
  const a = fnv1a(name, 0), b = fnv1a(name, 0x5bd1e995) | 1;
  const out: number[] = [];
  for (let i = 0; i < HASHES; i++) out.push(((a + i * b) >>> 0) % BITS);
  return out;
}

export function buildNameSet(names: Iterable<string>): NameSet {
  const sorted = [...new Set(names)].sort();
  if (sorted.length <= FEW) return { names: sorted };
  const bits = new Uint8Array(BITS / 8);
  for (const n of sorted) for (const p of positions(n)) bits[p >> 3]! |= 1 << (p & 7);
  return { bloom: Buffer.from(bits).toString('base64') };
}

/** False only if the file certainly holds no event of that name. */
export function mayContainName(set: NameSet, name: string): boolean {
  if ('names' in set) return set.names.includes(name);
  const bits = Buffer.from(set.bloom, 'base64');
  return positions(name).every((p) => (bits[p >> 3]! & (1 << (p & 7))) !== 0);
}
