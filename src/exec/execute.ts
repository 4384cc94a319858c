// Executes an optimized logical plan. Scans (with their pushed filters, and
// aggregates directly above them) run on the worker pool; everything above
// runs here on chunks: filter, project, aggregate, sort / top-N, limit,
// distinct, set operations and joins.

import { mapExpr, lit, type Expr } from '../plan/expr.js';
import { throughProject, transformUp, type LogicalPlan, type SortKey } from '../plan/logical.js';
import type { EvalContext, Value } from '../plan/types.js';
import { Aggregator } from './aggregates.js';
import { concatChunks, selectRows, sliceRows, type Chunk } from './chunk.js';
import { QueryError } from './errors.js';
import { columnIndexes, evaluate, selection } from './eval.js';
import { executeJoin } from './join.js';
import { scanAggregate, scanRows, scanTopN, type ScanRun } from './scan.js';
import { orderedPositions } from './sort-keys.js';

const rowKey = (c: Chunk, i: number): string => JSON.stringify(c.columns.map((col) => col[i]));

function sortIndexes(c: Chunk, keys: readonly SortKey[], run: ScanRun, schema: LogicalPlan['schema']): number[] {
  const cols = columnIndexes(schema);
  return orderedPositions(keys, keys.map((k) => evaluate(k.expr, c, cols, { now: run.now })), c.length);
}

type ProjectNode = Extract<LogicalPlan, { kind: 'project' }>;

/** A top-N's input when it is projections over a scan: the scan, the projections (outermost first) and the keys in scan columns. */
export function topNOverScan(p: Extract<LogicalPlan, { kind: 'topN' }>): { scan: Extract<LogicalPlan, { kind: 'scan' }>; projects: ProjectNode[]; keys: SortKey[] } | null {
  const projects: ProjectNode[] = [];
  let q = p.input;
  let keys: SortKey[] = [...p.keys];
  while (q.kind === 'project') {
    const project = q;
    keys = keys.map((k) => ({ ...k, expr: throughProject(k.expr, project) }));
    projects.push(q);
    q = q.input;
  }
  return q.kind === 'scan' ? { scan: q, projects, keys } : null;
}

/** A projection's output rows for its input rows `c`. */
function projectChunk(p: ProjectNode, c: Chunk, ctx: EvalContext): Chunk {
  const cols = columnIndexes(p.input.schema);
  return { columns: p.exprs.map((x) => evaluate(x.expr, c, cols, ctx)), length: c.length };
}

/** The scan below a chain of projections, if any (a LIMIT can stop it early). */
function limitTarget(p: LogicalPlan): boolean {
  return p.kind === 'scan' || (p.kind === 'project' && limitTarget(p.input));
}

/** The row limit a LIMIT passes down to the scan under it (a chain of projections), or null. */
export function scanLimit(p: Extract<LogicalPlan, { kind: 'limit' }>): number | null {
  return limitTarget(p.input) && p.limit !== null ? p.offset + p.limit : null;
}

export async function execute(p: LogicalPlan, run: ScanRun, limitHint: number | null = null): Promise<Chunk> {
  const ctx = { now: run.now };
  switch (p.kind) {
    case 'scan': return scanRows(run, p, limitHint);
    case 'values': return { columns: [], length: p.rows };
    case 'filter': {
      const c = await execute(p.input, run);
      const { sel, count } = selection(evaluate(p.predicate, c, columnIndexes(p.input.schema), ctx));
      return count === c.length ? c : selectRows(c, sel, count);
    }
    case 'project': return projectChunk(p, await execute(p.input, run, limitHint), ctx);
    case 'aggregate': {
      let agg: Aggregator;
      if (p.input.kind === 'scan') agg = await scanAggregate(run, p.input, p.groupBy.map((g) => g.expr), p.aggs);
      else {
        const c = await execute(p.input, run);
        agg = new Aggregator(p.groupBy.map((g) => g.expr), p.aggs);
        agg.addChunk(c, columnIndexes(p.input.schema), ctx);
      }
      return agg.result();
    }
    case 'sort': {
      const c = await execute(p.input, run);
      const idx = sortIndexes(c, p.keys, run, p.input.schema);
      return selectRows(c, idx);
    }
    case 'topN': {
      const pushed = topNOverScan(p);
      if (pushed) {
        // The workers find the top rows; the projections run on those rows only.
        let c = await scanTopN(run, pushed.scan, pushed.keys, p.offset + p.limit);
        for (const proj of pushed.projects.reverse()) c = projectChunk(proj, c, ctx);
        return sliceRows(c, p.offset, p.offset + p.limit);
      }
      const c = await execute(p.input, run);
      const idx = sortIndexes(c, p.keys, run, p.input.schema).slice(p.offset, p.offset + p.limit);
      return selectRows(c, idx);
    }
    case 'limit': {
      const end = p.limit === null ? Infinity : p.offset + p.limit;
      const c = await execute(p.input, run, scanLimit(p));
      return sliceRows(c, p.offset, end);
    }
    case 'distinct': return dedupe(await execute(p.input, run));
    case 'setop': {
      const l = await execute(p.left, run), r = await execute(p.right, run);
      const width = p.schema.length;
      if (p.op === 'union') {
        const all = concatChunks([l, r], width);
        return p.all ? all : dedupe(all);
      }
      const counts = new Map<string, number>();
      for (let i = 0; i < r.length; i++) { const k = rowKey(r, i); counts.set(k, (counts.get(k) ?? 0) + 1); }
      const keep: number[] = [];
      const emitted = new Set<string>();
      for (let i = 0; i < l.length; i++) {
        const k = rowKey(l, i);
        const n = counts.get(k) ?? 0;
        const inRight = n > 0;
        if (p.all) {
          if (p.op === 'intersect' ? inRight : !inRight) keep.push(i);
          if (inRight) counts.set(k, n - 1);
        } else if ((p.op === 'intersect' ? inRight : !inRight) && !emitted.has(k)) { emitted.add(k); keep.push(i); }
      }
      return selectRows(l, keep);
    }
    case 'join': return executeJoin(p, await execute(p.left, run), await execute(p.right, run), ctx);
    default: return p satisfies never;
  }
}

function dedupe(c: Chunk): Chunk {
  const seen = new Set<string>();
  const keep: number[] = [];
  for (let i = 0; i < c.length; i++) { const k = rowKey(c, i); if (!seen.has(k)) { seen.add(k); keep.push(i); } }
  return selectRows(c, keep);
}

/** Runs the uncorrelated subqueries and puts their results into the plan as literals. */
export async function substituteSubqueries(plan: LogicalPlan, subqueries: readonly LogicalPlan[], run: ScanRun): Promise<LogicalPlan> {
  if (subqueries.length === 0) return plan;
  const results: Chunk[] = [];
  for (const s of subqueries) results.push(await execute(s, run));
  const sub = (e: Expr): Expr => {
    if (e.kind !== 'subquery') return e;
    const r = results[e.id]!;
    switch (e.mode) {
      case 'exists': return lit((r.length > 0) !== e.negated, 'boolean');
      case 'scalar':
        if (r.length > 1) throw new QueryError(`a scalar subquery returned ${r.length} rows (at most one is allowed)`);
        return lit(r.length ? r.columns[0]![0]! : null, e.type);
      case 'in': {
        const vals = [...new Set((r.columns[0] ?? []).map((v) => JSON.stringify(v)))].map((v) => JSON.parse(v) as Value);
        return { kind: 'in', arg: e.arg!, list: vals.map((v) => lit(v, e.arg!.type)), negated: e.negated, type: 'boolean' };
      }
      default: return e.mode satisfies never;
    }
  };
  const m = (e: Expr) => mapExpr(e, sub);
  return transformUp(plan, (p) => {
    switch (p.kind) {
      case 'scan': return { ...p, filters: p.filters.map(m) };
      case 'filter': return { ...p, predicate: m(p.predicate) };
      case 'project': return { ...p, exprs: p.exprs.map((x) => ({ ...x, expr: m(x.expr) })) };
      case 'join': return { ...p, on: p.on && m(p.on) };
      default: return p;
    }
  });
}
