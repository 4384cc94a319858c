// How close generated events are to real ones in size: mean compact JSON bytes
// per event, and the gzip ratio of one `{"Records":[...]}` document holding the
// same number of events, for the real corpus and for the generated archive.
// Records are read with ingest's own walker, decoder and shape detection.

import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { decodeInput } from '../src/ingest/decode.js';
import { parseShape } from '../src/ingest/shape.js';
import { recordProblem } from '../src/ingest/validate.js';
import { walkInputs } from '../src/ingest/walk.js';

export interface SizeProfile { readonly events: number; readonly bytesPerEvent: number; readonly gzipRatio: number }

/** Storable records under `dir`, up to `limit`; with `unique`, one per eventID (an archive's global copies). */
function loadRecords(dir: string, limit: number, unique: boolean): unknown[] {
  const out = new Map<unknown, unknown>();
  for (const f of walkInputs([dir]).files) {
    let items;
    try {
      items = parseShape(decodeInput(new Uint8Array(readFileSync(f.path)))).items;
    } catch {
      continue; // the corpus holds deliberately broken files
    }
    for (const { record } of items) {
      if (recordProblem(record) !== null) continue;
      const id = (record as { eventID?: unknown }).eventID;
      out.set(unique && typeof id === 'string' ? id : out.size, record);
      if (out.size >= limit) return [...out.values()];
    }
  }
  return [...out.values()];
}

function profile(records: readonly unknown[]): SizeProfile {
  const bytes = records.reduce<number>((n, r) => n + Buffer.byteLength(JSON.stringify(r)), 0);
  const doc = JSON.stringify({ Records: records });
  return { events: records.length, bytesPerEvent: Math.round(bytes / records.length), gzipRatio: +(Buffer.byteLength(doc) / gzipSync(doc).length).toFixed(2) };
}

/** The real corpus against as many events of the generated archive. */
export function compareSizes(realDir: string, archive: string): { real: SizeProfile; generated: SizeProfile } {
  const real = loadRecords(realDir, Infinity, false);
  return { real: profile(real), generated: profile(loadRecords(archive, real.length, true)) };
}
