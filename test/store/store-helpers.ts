// In-process helpers for the maintenance tests (cheaper than a CLI process
// each): a store's records as sorted JSON lines, and its verification report.

import { join } from 'node:path';
import { exportRecords } from '../../src/store/export.js';
import { loadPublicKey, publicKeyPath } from '../../src/store/keys.js';
import { readManifest } from '../../src/store/manifest.js';
import { verifyStore, type VerifyReport } from '../../src/store/verify.js';

export const storePath = (home: string, store: string) => join(home, 'stores', store);

/** Every record of the store, one JSON text each, sorted. */
export async function recordLines(home: string, store: string): Promise<string[]> {
  const dir = storePath(home, store);
  const out: string[] = [];
  for await (const r of exportRecords(dir, readManifest(dir)!)) out.push(JSON.stringify(r));
  return out.sort();
}

export function verifyReport(home: string, store: string): VerifyReport {
  const dir = storePath(home, store);
  const m = readManifest(dir)!;
  return verifyStore(dir, m, loadPublicKey(publicKeyPath(home, m.store.id)));
}

/** Fails with the INVALID lines when the store does not verify. */
export function invalidItems(home: string, store: string): string[] {
  return verifyReport(home, store).items.filter((i) => i.invalid).map((i) => `${i.kind} ${i.path} INVALID: ${i.invalid}`);
}
