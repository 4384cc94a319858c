// Plan and expression text: EXPLAIN output, golden plan tests, and the
// expression quoted in type errors. One line per plan node, children indented.

import { OPERATORS, isOperator, type Expr } from './expr.js';
import type { LogicalPlan, SortKey } from './logical.js';
import type { Value } from './types.js';

function literal(v: Value, type: string): string {
  if (v === null) return 'NULL';
  if (type === 'timestamp' && typeof v === 'number') return `TIMESTAMP '${new Date(v).toISOString().replace('T', ' ').replace(/\.000Z$|Z$/, '')}'`;
  if (type === 'date' && typeof v === 'number') return `DATE '${new Date(v * 86_400_000).toISOString().slice(0, 10)}'`;
  if (type.startsWith('interval')) return `INTERVAL '${v}' ${type === 'interval year to month' ? 'MONTH' : 'MILLISECOND'}`;
  if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`;
  if (Array.isArray(v)) return `ARRAY[${v.map((x) => literal(x, 'unknown')).join(', ')}]`;
  return String(v);
}

const quoteName = (n: string) => (/^[A-Za-z_][A-Za-z0-9_.#]*$/.test(n) ? n : `"${n.replace(/"/g, '""')}"`);

export function exprText(e: Expr): string {
  switch (e.kind) {
    case 'column': return quoteName(e.name);
    case 'literal': return literal(e.value, e.type);
    case 'call': {
      if (isOperator(e.fn)) {
        const a = e.args.map(exprText);
        switch (e.fn) {
          case 'not': return `NOT (${a[0]})`;
          case 'neg': return `-(${a[0]})`;
          case 'isNull': case 'isNotNull': return `${a[0]} ${OPERATORS[e.fn]}`;
          case 'field': return `${a[0]}.${(e.args[1] as { value: string }).value}`;
          case 'and': case 'or': return `(${a.join(` ${OPERATORS[e.fn]} `)})`;
          default: return `${a[0]} ${OPERATORS[e.fn]} ${a[1]}`;
        }
      }
      return `${e.fn}(${e.args.map(exprText).join(', ')})`;
    }
    case 'case': return `CASE ${e.whens.map((w) => `WHEN ${exprText(w.when)} THEN ${exprText(w.then)}`).join(' ')} ELSE ${exprText(e.else)} END`;
    case 'cast': return `${e.try ? 'TRY_CAST' : 'CAST'}(${exprText(e.arg)} AS ${e.type})`;
    case 'in': return `${exprText(e.arg)} ${e.negated ? 'NOT IN' : 'IN'} (${e.list.map(exprText).join(', ')})`;
    case 'like': return `${exprText(e.arg)} ${e.negated ? 'NOT LIKE' : 'LIKE'} ${exprText(e.pattern)}${e.escape ? ` ESCAPE ${exprText(e.escape)}` : ''}`;
    case 'subquery': {
      const q = `(subquery #${e.id})`;
      if (e.mode === 'exists') return `${e.negated ? 'NOT ' : ''}EXISTS ${q}`;
      if (e.mode === 'in') return `${exprText(e.arg!)} ${e.negated ? 'NOT IN' : 'IN'} ${q}`;
      return q;
    }
    default: return e satisfies never;
  }
}

const keys = (ks: readonly SortKey[]) => ks.map((k) => `${exprText(k.expr)} ${k.desc ? 'DESC' : 'ASC'} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`).join(', ');

function line(p: LogicalPlan): string {
  switch (p.kind) {
    case 'scan': return `Scan: ${p.source.storeName} columns=[${p.columns.join(', ')}]${p.filters.length ? ` filters=[${p.filters.map(exprText).join(', ')}]` : ''}`;
    case 'values': return `Values: ${p.rows} row${p.rows === 1 ? '' : 's'}`;
    case 'filter': return `Filter: ${exprText(p.predicate)}`;
    case 'project': return `Project: ${p.exprs.map((x) => (x.expr.kind === 'column' && x.expr.name === x.name ? quoteName(x.name) : `${exprText(x.expr)} AS ${quoteName(x.name)}`)).join(', ')}`;
    case 'aggregate': return `Aggregate: groupBy=[${p.groupBy.map((g) => `${exprText(g.expr)} AS ${g.name}`).join(', ')}] aggs=[${p.aggs.map((a) => `${a.fn === 'count_star' ? 'count(*)' : `${a.fn}(${a.distinct ? 'DISTINCT ' : ''}${a.args.map(exprText).join(', ')}${a.order ? ` ORDER BY ${exprText(a.args[0]!)}${a.order === 'desc' ? ' DESC' : ''}` : ''})`} AS ${a.name}`).join(', ')}]`;
    case 'sort': return `Sort: ${keys(p.keys)}`;
    case 'limit': return `Limit: ${p.limit ?? 'ALL'}${p.offset ? ` OFFSET ${p.offset}` : ''}`;
    case 'topN': return `TopN: ${p.limit}${p.offset ? ` OFFSET ${p.offset}` : ''} by ${keys(p.keys)}`;
    case 'distinct': return 'Distinct';
    case 'setop': return `${p.op.toUpperCase()}${p.all ? ' ALL' : ''}`;
    case 'join': return `Join: ${p.joinType.toUpperCase()}${p.on ? ` ON ${exprText(p.on)}` : ''}`;
    default: return p satisfies never;
  }
}

export function planText(p: LogicalPlan, indent = 0): string {
  const kids: LogicalPlan[] = p.kind === 'setop' || p.kind === 'join' ? [p.left, p.right]
    : p.kind === 'scan' || p.kind === 'values' ? [] : [p.input];
  return [`${'  '.repeat(indent)}${line(p)}`, ...kids.map((k) => planText(k, indent + 1))].join('\n');
}
