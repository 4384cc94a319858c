// The query API the CLI, REPL, tests and benchmarks use: SQL text in, a
// result (columns, rows as value columns, statistics) or an EXPLAIN text out.
// The catalog is the home folder's stores, found by name or id.

import { planText } from '../plan/print.js';
import type { LogicalPlan } from '../plan/logical.js';
import { optimize } from '../plan/optimize.js';
import type { SqlType } from '../plan/types.js';
import { bindQuery, type Bound, type Catalog } from '../sql/bind.js';
import { parseSql } from '../sql/parse.js';
import { storeDir } from '../store/layout.js';
import { beginRead, endRead } from '../store/snapshot.js';
import { listStores } from '../store/stores.js';
import type { Chunk } from './chunk.js';
import { QueryError } from './errors.js';
import { execute, substituteSubqueries } from './execute.js';
import { explainPhysical } from './explain.js';
import { createScanPool, type ScanPool } from './pool.js';
import { newStats, type QueryStats } from './stats.js';

export interface QueryOptions {
  readonly home: string;
  /** A warm pool to reuse (the REPL); otherwise one is made and closed per query. */
  readonly pool?: ScanPool;
  readonly threads?: number;
  readonly now?: number;
  readonly signal?: AbortSignal;
  /** The store a SELECT without FROM reads (the REPL's `.use`). */
  readonly defaultStore?: string;
  /** Filled in as the query runs (so a caller can show progress); a new one otherwise. */
  readonly stats?: QueryStats;
  /** Optimizer rules to skip (by name), for tests and EXPLAIN comparisons. */
  readonly skipRules?: ReadonlySet<string>;
}

export interface QueryResult {
  readonly columns: readonly { readonly name: string; readonly type: SqlType }[];
  readonly rows: Chunk;
  readonly stats: QueryStats;
  /** Set for EXPLAIN statements: the text to print instead of rows. */
  readonly explain?: string;
}

/** Shortest id prefix that names a store, as git's short hashes do. */
export const MIN_ID_PREFIX = 8;

/** The home's stores by name, id, or a unique id prefix of at least MIN_ID_PREFIX characters. */
export function homeCatalog(home: string, defaultStore?: string): Catalog {
  const stores = listStores(home);
  return {
    resolve(name) {
      const n = name.toLowerCase();
      let m = stores.find((s) => s.store.name.toLowerCase() === n || s.store.id.toLowerCase() === n);
      if (!m && n.length >= MIN_ID_PREFIX) {
        const byPrefix = stores.filter((s) => s.store.id.toLowerCase().startsWith(n));
        if (byPrefix.length === 1) m = byPrefix[0];
      }
      return m ? { storeName: m.store.name, storeDir: storeDir(home, m.store.name) } : null;
    },
    names: () => stores.map((s) => s.store.name),
    defaultStore,
  };
}

function plan(sql: string, opts: QueryOptions): { bound: Bound; optimized: LogicalPlan; applied: string[]; explain: boolean } {
  const stmt = parseSql(sql);
  const bound = bindQuery(stmt.query, homeCatalog(opts.home, opts.defaultStore));
  const { plan: optimized, applied } = optimize(bound.plan, opts.skipRules);
  return { bound, optimized, applied, explain: stmt.explain };
}

export async function explainQuery(sql: string, opts: QueryOptions): Promise<string> {
  return explainLeased(plan(sql, opts), !opts.pool);
}

/** EXPLAIN reads manifests too: under reader leases dropped when it is done. */
async function explainLeased(p: ReturnType<typeof plan>, ownPool: boolean): Promise<string> {
  beginRead();
  try {
    return await explainText(p.bound, p.optimized, p.applied, ownPool);
  } finally {
    endRead();
  }
}

async function explainText(bound: Bound, optimized: LogicalPlan, applied: string[], ownPool: boolean): Promise<string> {
  const subs = bound.subqueries.map((s, i) => `\nSubquery #${i}:\n${planText(optimize(s).plan, 1)}`).join('');
  return [
    'Logical plan:', planText(bound.plan, 1),
    `Optimized plan (rules applied: ${applied.length ? applied.join(', ') : 'none'}):`, planText(optimized, 1) + subs,
    'Physical plan and pruning:', await explainPhysical(optimized, ownPool),
  ].join('\n');
}

export async function runQuery(sql: string, opts: QueryOptions): Promise<QueryResult> {
  const start = performance.now();
  const p = plan(sql, opts);
  const stats = opts.stats ?? newStats();
  if (p.explain) {
    const explain = await explainLeased(p, !opts.pool);
    return { columns: [{ name: 'plan', type: 'varchar' }], rows: { columns: [[explain]], length: 1 }, stats, explain };
  }
  const pool = opts.pool ?? createScanPool(opts.threads);
  beginRead();
  try {
    const run = { pool, ownPool: !opts.pool, stats, now: opts.now ?? Date.now(), signal: opts.signal };
    const subs = p.bound.subqueries.map((s) => optimize(s).plan);
    const main = await substituteSubqueries(p.optimized, subs, run);
    const rows = await execute(main, run);
    stats.executionTimeMs = Math.round(performance.now() - start);
    return { columns: p.bound.columns, rows, stats };
  } catch (e) {
    if (opts.signal?.aborted) throw new QueryError('query cancelled');
    throw e;
  } finally {
    endRead();
    if (!opts.pool) await pool.close();
  }
}
