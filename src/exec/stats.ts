// Query statistics, after CloudTrail Lake's QueryStatistics plus pruning
// counts at every level; printed by `query --stats` and the REPL's `.stats on`.

export interface QueryStats {
  eventsScanned: number;
  eventsMatched: number;
  bytesScanned: number;
  executionTimeMs: number;
  partitionsTotal: number;
  partitionsScanned: number;
  filesTotal: number;
  filesScanned: number;
  rowGroupsTotal: number;
  rowGroupsScanned: number;
  /** Data pages of the column chunks read: met, and decompressed and decoded (page pruning and late materialization skip the rest). */
  pagesTotal: number;
  pagesScanned: number;
}

export const newStats = (): QueryStats => ({
  eventsScanned: 0, eventsMatched: 0, bytesScanned: 0, executionTimeMs: 0,
  partitionsTotal: 0, partitionsScanned: 0, filesTotal: 0, filesScanned: 0, rowGroupsTotal: 0, rowGroupsScanned: 0,
  pagesTotal: 0, pagesScanned: 0,
});
