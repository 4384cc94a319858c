// Joins between stores (CloudTrail Lake allows them): a hash join on the
// equality conditions of ON, with any remaining condition checked per pair;
// a nested loop when there is no equality. INNER, LEFT, RIGHT, FULL, CROSS.

import { conjoin, conjuncts, columnsOf, type Expr } from '../plan/expr.js';
import type { LogicalPlan } from '../plan/logical.js';
import type { EvalContext, Value } from '../plan/types.js';
import type { Chunk } from './chunk.js';
import { columnIndexes, evaluate } from './eval.js';

type JoinNode = Extract<LogicalPlan, { kind: 'join' }>;

export function executeJoin(p: JoinNode, l: Chunk, r: Chunk, ctx: EvalContext): Chunk {
  const leftNames = new Set(p.left.schema.map((f) => f.name)), rightNames = new Set(p.right.schema.map((f) => f.name));
  const lk: Expr[] = [], rk: Expr[] = [], rest: Expr[] = [];
  for (const c of p.on ? conjuncts(p.on) : []) {
    if (c.kind === 'call' && c.fn === '=') {
      const [a, b] = c.args as [Expr, Expr];
      const inL = (e: Expr) => [...columnsOf(e)].every((n) => leftNames.has(n)) && columnsOf(e).size > 0;
      const inR = (e: Expr) => [...columnsOf(e)].every((n) => rightNames.has(n)) && columnsOf(e).size > 0;
      if (inL(a) && inR(b)) { lk.push(a); rk.push(b); continue; }
      if (inR(a) && inL(b)) { lk.push(b); rk.push(a); continue; }
    }
    rest.push(c);
  }
  const lkv = lk.map((e) => evaluate(e, l, columnIndexes(p.left.schema), ctx));
  const rkv = rk.map((e) => evaluate(e, r, columnIndexes(p.right.schema), ctx));
  const key = (vals: Value[][], i: number): string | null => {
    const parts = vals.map((v) => v[i]!);
    return parts.some((x) => x === null) ? null : JSON.stringify(parts);
  };
  const pairs: [number, number][] = [];
  if (lk.length) {
    const index = new Map<string, number[]>();
    for (let j = 0; j < r.length; j++) { const k = key(rkv, j); if (k !== null) { const a = index.get(k); if (a) a.push(j); else index.set(k, [j]); } }
    for (let i = 0; i < l.length; i++) { const k = key(lkv, i); if (k !== null) for (const j of index.get(k) ?? []) pairs.push([i, j]); }
  } else {
    for (let i = 0; i < l.length; i++) for (let j = 0; j < r.length; j++) pairs.push([i, j]);
  }
  const width = p.left.schema.length + p.right.schema.length;
  const build = (ps: [number, number][]): Chunk => ({
    columns: Array.from({ length: width }, (_, c) => ps.map(([i, j]) => (c < p.left.schema.length ? (i < 0 ? null : l.columns[c]![i]!) : (j < 0 ? null : r.columns[c - p.left.schema.length]![j]!)))),
    length: ps.length,
  });
  let matched = pairs;
  if (rest.length && pairs.length) {
    const cand = build(pairs);
    const ok = evaluate(conjoin(rest), cand, columnIndexes(p.schema), ctx);
    matched = pairs.filter((_, k) => ok[k] === true);
  }
  if (p.joinType === 'left' || p.joinType === 'full') {
    const seen = new Set(matched.map(([i]) => i));
    for (let i = 0; i < l.length; i++) if (!seen.has(i)) matched.push([i, -1]);
  }
  if (p.joinType === 'right' || p.joinType === 'full') {
    const seen = new Set(matched.map(([, j]) => j));
    for (let j = 0; j < r.length; j++) if (!seen.has(j)) matched.push([-1, j]);
  }
  return build(matched);
}
