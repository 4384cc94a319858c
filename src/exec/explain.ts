// The physical side of EXPLAIN: for each scan, how the work will be split and
// what pruning will skip at each level (partitions, files, row groups), read
// from the manifest and the kept files' footers without reading any data.

import { join } from 'node:path';
import type { LogicalPlan } from '../plan/logical.js';
import { exprText } from '../plan/print.js';
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
    let rgTotal = 0, rgKept = 0;
    for (const f of files) rgTotal += f.rowGroups;
    const pathOf = pathMap(s);
    for (const f of pruning.kept) {
      const r = await openParquet(join(s.source.storeDir, f.path));
      try { rgKept += keptRowGroups(r.metadata, filter, (n) => pathOf.get(n)).length; } finally { await r.close(); }
    }
    lines.push(
      `  ParquetScan: ${s.source.storeName} (${workerOutput(plan, s) ?? 'rows to main thread as Arrow IPC'})`,
      `    columns read: ${s.columns.length} [${s.columns.join(', ')}]`,
      `    pushed filter: ${filter ? exprText(filter) : 'none'}`,
      `    partitions: ${pruning.partitionsKept}/${pruning.partitionsTotal}  files: ${pruning.kept.length}/${pruning.filesTotal}  row groups: ${rgKept}/${rgTotal}`,
    );
  }
  return lines.length ? lines.join('\n') : '  (no store is read)';
}
