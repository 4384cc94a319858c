// Where things live on disk: the home folder, a store's folder, Hive-style
// partition folders, and the rules for store names.
//
//   <home>/stores/<name>/manifest.json                 committed state (atomic rename)
//   <home>/stores/<name>/region=<r>/date=<d>/*.parquet data files
//   <home>/stores/<name>/_staging/                     an ingest's uncommitted files
//   <home>/stores/<name>/.lock                         the writer lock

import { accessSync, constants, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../util/errors.js';

/** The home folder from --home, $TRAILLAKE_HOME or ~/.traillake; refused if it exists and is not a readable folder. */
export function resolveHome(flag?: string): string {
  const home = flag ?? process.env.TRAILLAKE_HOME ?? join(homedir(), '.traillake');
  let isDir: boolean;
  try {
    isDir = statSync(home).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return home; // made on first write
    throw new UserError(`cannot use home folder ${home}: ${code === 'ENOTDIR' ? 'a part of the path is a file' : code ?? (e as Error).message} (use --home DIR or TRAILLAKE_HOME)`);
  }
  if (!isDir) throw new UserError(`home folder ${home} is a file, not a folder (use --home DIR or TRAILLAKE_HOME)`);
  try {
    accessSync(home, constants.R_OK | constants.X_OK);
  } catch {
    throw new UserError(`cannot read home folder ${home}: permission denied (use --home DIR or TRAILLAKE_HOME)`);
  }
  return home;
}

export const storesDir = (home: string) => join(home, 'stores');

/** CloudTrail Lake's rule for event data store names. */
const NAME = /^[a-zA-Z0-9._-]{3,128}$/;

export function checkStoreName(name: string): string {
  if (!NAME.test(name) || /^\.+$/.test(name)) {
    throw new UserError(
      `invalid store name ${JSON.stringify(name)}: use 3-128 characters from letters, digits, '.', '_' and '-' (and not only dots)`,
    );
  }
  return name;
}

export function storeDir(home: string, name: string): string {
  return join(storesDir(home), checkStoreName(name));
}

/** Hive's name for a missing partition value (Spark, Hive and Athena use it too). */
export const NULL_PARTITION = '__HIVE_DEFAULT_PARTITION__';

/** Hive-style escaping of a partition value: keep [A-Za-z0-9._-], percent-encode the rest. */
export function escapePartitionValue(v: string | null): string {
  if (v === null) return NULL_PARTITION;
  if (v === '') return NULL_PARTITION;
  return v.replace(/[^A-Za-z0-9._-]/gu, (ch) =>
    [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

/** Relative folder of a partition, e.g. `region=us-east-1/date=2024-07-30`. */
export function partitionDir(region: string | null, date: string): string {
  return `region=${escapePartitionValue(region)}/date=${date}`;
}
