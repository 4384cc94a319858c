// The physical side of EXPLAIN: for each scan, how the work will be split and
// what pruning will skip at each level (partitions, files, row groups, and the
// filter columns' pages), read from the manifest, the kept files' footers and
// page indexes, without reading any data.

import { join } from 'node:path';
import type { LogicalPlan } from '../plan/logical.js';
import { exprText } from '../plan/print.js';
import { columnsOf } from '../plan/expr.js';
import { eachFileRows } from '../prune/file-rows.js';
import { scanLimit, topNOverScan } from './execute.js';
import { decodedRows, inlineScan } from './placement.js';
import { pathMap, scanFiles, type ScanNode } from './scan.js';

function scans(p: LogicalPlan, out: ScanNode[] = []): ScanNode[] {
  if (p.kind === 'scan') out.push(p);
  else if (p.kind === 'setop' || p.kind === 'join') { scans(p.left, out); scans(p.right, out); }
  else if (p.kind !== 'values') scans(p.input, out);
  return out;
}

/** What scan `s`'s tasks return: partial aggregates, a top-N, or rows (`limit`: stopping at so many). */
function taskOutput(p: LogicalPlan, s: ScanNode): { text: string; limit: number | null } | null {
  if (p.kind === 'aggregate' && p.input === s) return { text: 'partial aggregation per task', limit: null };
  if (p.kind === 'topN' && topNOverScan(p)?.scan === s) return { text: `top-${p.offset + p.limit} per task: sort keys first, then only the winners' rows`, limit: null };
  const limit = p.kind === 'limit' && scansUnder(p.input, s) ? scanLimit(p) : null;
  if (limit !== null) return { text: `rows, stopping at ${limit}`, limit };
  if (p.kind === 'setop' || p.kind === 'join') return taskOutput(p.left, s) ?? taskOutput(p.right, s);
  return p.kind !== 'scan' && p.kind !== 'values' ? taskOutput(p.input, s) : null;
}

/** Whether `p` is scan `s` under projections only. */
const scansUnder = (p: LogicalPlan, s: ScanNode): boolean => p === s || (p.kind === 'project' && scansUnder(p.input, s));

/** `ownPool`: the query makes its own pool (a one-off process), whose workers would start cold. */
export async function explainPhysical(plan: LogicalPlan, ownPool: boolean): Promise<string> {
  const lines: string[] = [];
  for (const s of scans(plan)) {
    const { files, pruning, filter } = scanFiles(s);
    let rgTotal = 0, rgKept = 0, pagesTotal = 0, pagesKept = 0, rows = 0;
    for (const f of files) rgTotal += f.rowGroups;
    const pathOf = pathMap(s);
    const filterCols = filter ? columnsOf(filter) : [];
    for await (const kept of eachFileRows(pruning.kept.map((f) => join(s.source.storeDir, f.path)), filter, pathOf, filterCols)) {
      rgKept += kept.rowGroupsKept;
      pagesTotal += kept.pagesTotal;
      pagesKept += kept.pagesKept;
      rows += kept.rows;
    }
    const output = taskOutput(plan, s);
    const decoded = decodedRows(rows, filter, output?.limit ?? null);
    lines.push(
      `  ParquetScan: ${s.source.storeName} (${output?.text ?? 'rows'})`,
      `    runs ${inlineScan(pruning.kept.length, decoded, ownPool) ? 'on the main thread' : 'on the worker pool'}: at most ${decoded.toLocaleString('en-US')} rows to decode after pruning`,
      `    columns read: ${s.columns.length} [${s.columns.join(', ')}]`,
      `    pushed filter: ${filter ? exprText(filter) : 'none'}`,
      `    partitions: ${pruning.partitionsKept}/${pruning.partitionsTotal}  files: ${pruning.kept.length}/${pruning.filesTotal}  row groups: ${rgKept}/${rgTotal}` +
        (pagesTotal ? `  pages of the filter's columns: ${pagesKept}/${pagesTotal}` : ''),
    );
  }
  return lines.length ? lines.join('\n') : '  (no store is read)';
}
