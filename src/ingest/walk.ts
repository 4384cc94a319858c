// Input paths -> the list of log files to read, in an order that keeps each
// (region, date) partition's files together (so dedupe state and write buffers
// stay small). Understands the S3 delivery layout:
//   AWSLogs/[o-xxxx/]<account>/CloudTrail/<region>/YYYY/MM/DD/<file>.json.gz
// CloudTrail-Digest/ files are not events: skipped and counted. CloudTrail-Insight/
// files are events. In folders, only log-like names are read (.json, .jsonl,
// .ndjson, optionally .gz, or bare .gz); a file named explicitly is always read.
// Symbolic links are followed; each folder and file is taken once.

import { readdirSync, statSync, type Stats } from 'node:fs';
import { join, sep } from 'node:path';
import { UserError } from '../util/errors.js';

export interface InputFile { readonly path: string; readonly size: number }

export interface WalkResult {
  readonly files: InputFile[];
  /** CloudTrail-Digest files skipped. */
  readonly digests: number;
  /** Other files in folders that are not logs by name (README, LICENSE, hidden files). */
  readonly ignored: number;
}

const LOG_NAME = /\.(json|jsonl|ndjson)(\.gz)?$|\.gz$/i;
const S3 = /(?:^|[\\/])CloudTrail(?:-Insight)?[\\/]([^\\/]+)[\\/](\d{4})[\\/](\d{2})[\\/](\d{2})[\\/]/;

/** A delivery file name's window stamp, `_YYYYMMDDTHHmmZ_`. */
const STAMP = /_(\d{8}T\d{4}Z)_[^\\/]*$/;

/**
 * S3-layout files sort by region, day, then delivery time across accounts, so a
 * partition's events arrive roughly in time order (dedupe keeps hour buckets).
 */
function sortKey(path: string): string {
  const m = S3.exec(path);
  return m ? `0\u0000${m[1]}\u0000${m[2]}${m[3]}${m[4]}\u0000${STAMP.exec(path)?.[1] ?? ''}\u0000${path}` : `1\u0000${path}`;
}

export function walkInputs(inputs: readonly string[]): WalkResult {
  const files: InputFile[] = [];
  let digests = 0, ignored = 0;
  // Folders and files met, by device and inode: a symbolic link may lead back up
  // (a loop) or to something listed already, which is then walked or read once.
  const seen = new Set<string>();
  const first = (st: Stats) => {
    const id = `${st.dev}:${st.ino}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  };
  const addFile = (path: string, st: Stats) => {
    if (first(st)) files.push({ path, size: st.size });
  };
  const visit = (dir: string, st: Stats) => {
    if (!first(st)) return;
    for (const ent of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, ent.name);
      if (ent.name.startsWith('.')) {
        ignored++;
        continue;
      }
      // A symbolic link is followed; a broken one named like a log is listed, and reported as not found when read.
      const target = ent.isSymbolicLink() ? statSync(path, { throwIfNoEntry: false }) : undefined;
      if (ent.isDirectory() || target?.isDirectory()) {
        if (ent.name === 'CloudTrail-Digest') digests += countFiles(path);
        else visit(path, target ?? statSync(path));
      } else if (ent.isFile() || target?.isFile() || (ent.isSymbolicLink() && !target)) {
        if (path.includes(`${sep}CloudTrail-Digest${sep}`)) digests++;
        else if (!LOG_NAME.test(ent.name)) ignored++;
        else if (target || ent.isFile()) addFile(path, target ?? statSync(path));
        else files.push({ path, size: 0 });
      } else {
        ignored++; // a socket, a FIFO, a device
      }
    }
  };
  for (const input of inputs) {
    const st = statSync(input, { throwIfNoEntry: false });
    if (!st) throw new UserError(`input not found: ${input}`);
    if (st.isDirectory()) visit(input, st);
    else addFile(input, st);
  }
  const keyed = files.map((f) => ({ f, k: sortKey(f.path) }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  return { files: keyed.map((x) => x.f), digests, ignored };
}

function countFiles(dir: string): number {
  let n = 0;
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    if (ent.isDirectory()) n += countFiles(join(dir, ent.name));
    else if (ent.isFile()) n++;
  }
  return n;
}
