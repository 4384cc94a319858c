// Rows between threads: a worker encodes a task's rows as Arrow IPC (moved to
// the main thread, not copied), and the main thread decodes them back into
// value columns. Only these two places load apache-arrow, so a query that
// runs on the main thread alone never pays for loading it.

import { tableFromIPC, tableToIPC, vectorFromArray, Utf8, Bool, Float64, Table } from 'apache-arrow';
import type { SqlType, Value } from '../plan/types.js';
import type { Chunk } from './chunk.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
/** Encodes rows (text columns already text or NULL) as an Arrow IPC stream. */
export function toIpc(c: Chunk, names: readonly string[], types: readonly SqlType[]): Uint8Array {
  const cols: Record<string, any> = {};
  names.forEach((n, i) => {
    const t = types[i]!;
    const vals = c.columns[i]!;
    cols[`${i}`] = t === 'boolean' ? vectorFromArray(vals, new Bool())
      : t === 'timestamp' || t === 'bigint' || t === 'double' ? vectorFromArray(vals, new Float64())
      : vectorFromArray(vals.map((v) => (v === null || typeof v === 'string' ? v : JSON.stringify(v))), new Utf8());
  });
  return tableToIPC(new Table(cols));
}

/** Decodes a rows result back into value columns. */
export function fromIpc(ipc: Uint8Array, width: number): Chunk {
  const t = tableFromIPC(ipc);
  const columns: Value[][] = [];
  for (let i = 0; i < width; i++) {
    const v = t.getChildAt(i)!;
    if (v.nullCount === 0 && !(v.type instanceof Utf8) && !(v.type instanceof Bool)) columns.push(Array.from(v.toArray() as Float64Array));
    else columns.push([...v] as Value[]);
  }
  return { columns, length: t.numRows };
}


