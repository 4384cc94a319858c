// The physical side of EXPLAIN: for each scan, how the work will be split and
// what pruning will skip at each level (partitions, files, row groups, and the
// filter columns' pages), read from the manifest, the kept files' footers and
// page indexes, without reading any data.

import { join } from 'node:path';
import type { LogicalPlan } from '../plan/logical.js';
import { exprText } from '../plan/print.js';
import { columnsOf } from '../plan/expr.js';
import { countPages, filterPageIndexes, keptRowRanges } from '../prune/pages.js';
import { keptRowGroups } from '../prune/row-groups.js';
import { openParquet } from '../store/parquet-lib.js';
import { topNOverScan } from './execute.js';
import { pathMap, scanFiles, type ScanNode } from './scan.js';

function scans(p: LogicalPlan, out: ScanNode[] = []): ScanNode[] {
  if (p.kind === 'scan') out.push(p);
  else if (p.kind === 'setop' || p.kind === 'join') { scans(p.left, out); scans(p.right, out); }
  else if (p.kind !== 'values') scans(p.input, out);
  return out;
}

/** What the workers send back for scan `s`: partial aggregates, a top-N, or rows. */
function workerOutput(p: LogicalPlan, s: ScanNode): string | null {
  if (p.kind === 'aggregate' && p.input === s) return 'partial aggregation in workers';
  if (p.kind === 'topN' && topNOverScan(p)?.scan === s) return `top-${p.offset + p.limit} in workers: sort keys first, then only the winners' rows`;
  if (p.kind === 'setop' || p.kind === 'join') return workerOutput(p.left, s) ?? workerOutput(p.right, s);
  return p.kind !== 'scan' && p.kind !== 'values' ? workerOutput(p.input, s) : null;
}

export async function explainPhysical(plan: LogicalPlan): Promise<string> {
  const lines: string[] = [];
  for (const s of scans(plan)) {
    const { files, pruning, filter } = scanFiles(s);
    let rgTotal = 0, rgKept = 0, pagesTotal = 0, pagesKept = 0;
    for (const f of files) rgTotal += f.rowGroups;
    const pathOf = pathMap(s);
    const filterCols = filter ? [...columnsOf(filter)] : [];
    for (const f of pruning.kept) {
      const r = await openParquet(join(s.source.storeDir, f.path));
      try {
        const groups = keptRowGroups(r.metadata, filter, (n) => pathOf.get(n));
        rgKept += groups.length;
        for (const g of groups) {
          const rows = Number(r.metadata.row_groups[g].num_rows);
          const indexes = await filterPageIndexes(r, g, rows, filterCols, pathOf);
          const pages = countPages(indexes, filter ? keptRowRanges(filter, rows, indexes) : null, rows);
          pagesTotal += pages.total;
          pagesKept += pages.kept;
        }
      } finally { await r.close(); }
    }
    lines.push(
      `  ParquetScan: ${s.source.storeName} (${workerOutput(plan, s) ?? 'rows to main thread as Arrow IPC'})`,
      `    columns read: ${s.columns.length} [${s.columns.join(', ')}]`,
      `    pushed filter: ${filter ? exprText(filter) : 'none'}`,
      `    partitions: ${pruning.partitionsKept}/${pruning.partitionsTotal}  files: ${pruning.kept.length}/${pruning.filesTotal}  row groups: ${rgKept}/${rgTotal}` +
        (pagesTotal ? `  pages of the filter's columns: ${pagesKept}/${pagesTotal}` : ''),
    );
  }
  return lines.length ? lines.join('\n') : '  (no store is read)';
}
