// node-sql-parser's AST (postgresql grammar, which covers more of Trino's
// query syntax than its trino grammar) → our syntax tree (sql/ast.ts).
// Everything that is quirky about the parser's output is handled here.

import { QueryError } from '../exec/errors.js';
import type { FromItem, OrderItem, SelectItem, SqlExpr, SqlQuery, SqlQueryBody, SqlSelect } from './ast.js';
import { BACKSLASH, DISTINCT_OP, NOT_DISTINCT_OP } from './dialect.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Node = any;

const unsupported = (what: string): never => {
  throw new QueryError(`unsupported SQL: ${what}`);
};

/** Trino string text from the parser's raw text: '' is a quote; backslashes were protected. */
const str = (raw: string): string => raw.replace(/''/g, "'").split(BACKSLASH).join('\\');

function identText(x: Node): string {
  if (typeof x === 'string') return x;
  if (x && typeof x === 'object' && 'value' in x) return String(x.value);
  return unsupported(`identifier ${JSON.stringify(x)}`);
}

/** Flattens the parser's `a.b.c` column_ref forms into parts. */
function columnParts(n: Node): string[] {
  const col = n.column;
  const parts: string[] = [];
  for (const q of [n.db, n.schema, n.table]) if (q) parts.push(identText(q));
  const walk = (x: Node): void => {
    if (x && typeof x === 'object' && x.type === 'binary_expr' && x.operator === '.') {
      walk(x.left);
      walk(x.right);
    } else parts.push(identText(x));
  };
  walk(col && typeof col === 'object' && 'expr' in col ? col.expr : col);
  return parts;
}

const isQuery = (n: Node): boolean => !!n && typeof n === 'object' && (n.ast !== undefined || n.type === 'select');

export function convertExpr(n: Node): SqlExpr {
  if (n === null || n === undefined) return unsupported('empty expression');
  if (isQuery(n)) return { k: 'scalarQuery', query: convertQuery(n.ast ?? n) };
  switch (n.type) {
    case 'column_ref': {
      if (n.column === '*') return { k: 'star', table: n.table ? identText(n.table) : null };
      return { k: 'ident', parts: columnParts(n) };
    }
    case 'star': return { k: 'star', table: null };
    case 'number': return { k: 'number', value: Number(n.value), integer: Number.isInteger(Number(n.value)) && !String(n.value).includes('.') };
    case 'single_quote_string': case 'string': case 'natural_string': return { k: 'string', value: str(n.value) };
    case 'double_quote_string': case 'backticks_quote_string': return { k: 'ident', parts: [n.value] };
    case 'bool': case 'boolean': return { k: 'bool', value: n.value === true || String(n.value).toUpperCase() === 'TRUE' };
    case 'null': return { k: 'null' };
    case 'timestamp': case 'datetime': return { k: 'typed', type: 'timestamp', text: str(n.value) };
    case 'date': return { k: 'typed', type: 'date', text: str(n.value) };
    case 'interval': {
      const v = n.expr?.type === 'number' ? String(n.expr.value) : str(n.expr?.value ?? '');
      return { k: 'interval', value: v, unit: String(n.unit ?? '').toLowerCase() };
    }
    case 'unary_expr': {
      const op = String(n.operator).toUpperCase();
      if (op === 'NOT' || op === '!') return { k: 'unary', op: 'not', arg: convertExpr(n.expr) };
      if (op === '-') return { k: 'unary', op: 'neg', arg: convertExpr(n.expr) };
      if (op === '+') return convertExpr(n.expr);
      return unsupported(`operator ${op}`);
    }
    case 'binary_expr': return convertBinary(n);
    case 'function': return convertFunction(n);
    case 'aggr_func': {
      const name = String(n.name).toLowerCase();
      const a = n.args ?? {};
      const star = a.expr?.type === 'star';
      const args = star ? [] : a.expr ? [convertExpr(a.expr)] : [];
      return { k: 'fn', name, args, distinct: !!a.distinct, star, ...(a.orderby ? { orderBy: orderOf(a) } : {}) };
    }
    case 'case': {
      const whens: { when: SqlExpr; then: SqlExpr }[] = [];
      let els: SqlExpr | null = null;
      for (const a of n.args) {
        if (a.type === 'when') whens.push({ when: convertExpr(a.cond), then: convertExpr(a.result) });
        else els = convertExpr(a.result);
      }
      return { k: 'case', operand: n.expr ? convertExpr(n.expr) : null, whens, else: els };
    }
    case 'cast': {
      const t = n.target?.[0];
      const type = [t?.dataType, t?.length !== undefined ? `(${t.length})` : ''].join('');
      return { k: 'cast', arg: convertExpr(n.expr), type: String(type), try: String(n.keyword).toLowerCase() === 'try_cast' };
    }
    case 'expr_list':
      if (n.value?.length === 1) return convertExpr(n.value[0]);
      return unsupported('a parenthesised list where one value is expected');
    default:
      return unsupported(`expression of type ${n.type}`);
  }
}

function convertFunction(n: Node): SqlExpr {
  const nameParts: Node[] = n.name?.name ?? [n.name];
  const name = nameParts.map(identText).join('.').toLowerCase();
  const argNodes: Node[] = n.args?.value ?? (n.args?.expr ? [n.args.expr] : []);
  if (name === 'exists') {
    const q = argNodes[0];
    if (!isQuery(q)) unsupported('EXISTS without a subquery');
    return { k: 'exists', query: convertQuery(q.ast ?? q), negated: false };
  }
  if (name === 'not' && argNodes.length === 1) return { k: 'unary', op: 'not', arg: convertExpr(argNodes[0]) };
  if (n.over) unsupported(`window function ${name}() OVER (...)`);
  const star = argNodes.length === 1 && argNodes[0]?.type === 'star';
  return { k: 'fn', name, args: star ? [] : argNodes.map(convertExpr), distinct: !!n.args?.distinct, star };
}

function convertBinary(n: Node): SqlExpr {
  const op = String(n.operator).toUpperCase().replace(/\s+/g, ' ');
  const left = () => convertExpr(n.left);
  const list = (): Node[] => (n.right?.type === 'expr_list' ? n.right.value : [n.right]);
  switch (op) {
    case 'IN': case 'NOT IN': case 'NOTIN': {
      const negated = op !== 'IN';
      const items = list();
      if (items.length === 1 && isQuery(items[0])) return { k: 'inQuery', arg: left(), query: convertQuery(items[0].ast ?? items[0]), negated };
      return { k: 'in', arg: left(), list: items.map(convertExpr), negated };
    }
    case 'BETWEEN': case 'NOT BETWEEN': case 'NOTBETWEEN': {
      const [lo, hi] = list();
      return { k: 'between', arg: left(), low: convertExpr(lo), high: convertExpr(hi), negated: op !== 'BETWEEN' };
    }
    case 'LIKE': case 'NOT LIKE': case 'NOTLIKE': {
      const esc = n.right?.escape?.value;
      const { escape: _e, ...pattern } = n.right ?? {};
      return { k: 'like', arg: left(), pattern: convertExpr(pattern), escape: esc ? convertExpr(esc) : null, negated: op !== 'LIKE' };
    }
    case 'IS': case 'IS NOT': case 'ISNOT': {
      const negated = op !== 'IS';
      if (n.right?.type === 'null') return { k: 'isNull', arg: left(), negated };
      if (n.right?.type === 'bool' || n.right?.type === 'boolean') {
        const e: SqlExpr = { k: 'distinctFrom', left: left(), right: convertExpr(n.right), negated: true };
        return negated ? { ...e, negated: false } : e;
      }
      return unsupported(`IS ${JSON.stringify(n.right?.value)}`);
    }
    case DISTINCT_OP: return { k: 'distinctFrom', left: left(), right: convertExpr(n.right), negated: false };
    case NOT_DISTINCT_OP: return { k: 'distinctFrom', left: left(), right: convertExpr(n.right), negated: true };
    case '.': return { k: 'ident', parts: columnParts({ column: { expr: n } }) };
    case 'AND': case 'OR': case '=': case '<>': case '!=': case '<': case '<=': case '>': case '>=':
    case '+': case '-': case '*': case '/': case '%': case '||':
      return { k: 'binary', op: op === '!=' ? '<>' : op.toLowerCase(), left: left(), right: convertExpr(n.right) };
    default:
      return unsupported(`operator ${op}`);
  }
}

function convertFrom(items: Node[] | null): FromItem | null {
  if (!items || items.length === 0) return null;
  let acc: FromItem | null = null;
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    let alias: string | null = it.as ? identText(it.as) : null;
    // `t CROSS JOIN u` comes out as table t aliased "CROSS" followed by a join without ON.
    const nextIsJoin = items[i + 1]?.join !== undefined;
    if (alias && alias.toUpperCase() === 'CROSS' && nextIsJoin) alias = null;
    let item: FromItem;
    if (it.expr && isQuery(it.expr)) item = { k: 'subquery', query: convertQuery(it.expr.ast ?? it.expr), alias };
    else if (it.table !== undefined) item = { k: 'table', name: it.db ? `${identText(it.db)}.${identText(it.table)}` : identText(it.table), alias };
    else return unsupported(`FROM item ${JSON.stringify(it).slice(0, 80)}`);
    if (acc === null) { acc = item; continue; }
    const j = String(it.join ?? 'CROSS JOIN').toUpperCase().replace(/\s+/g, '').replace('OUTER', '');
    const type = j.startsWith('LEFT') ? 'left' : j.startsWith('RIGHT') ? 'right' : j.startsWith('FULL') ? 'full'
      : it.on ? 'inner' : 'cross';
    if (it.using) unsupported('JOIN ... USING');
    acc = { k: 'join', type, left: acc, right: item, on: it.on ? convertExpr(it.on) : null };
  }
  return acc;
}

function convertSelect(n: Node): SqlSelect {
  if (n.type !== 'select') unsupported(`${String(n.type).toUpperCase()} statements (only queries are supported)`);
  const items: SelectItem[] = (n.columns ?? []).map((c: Node) => ({ expr: convertExpr(c.expr), alias: c.as ? identText(c.as) : null }));
  const gb: Node = n.groupby;
  const groupNodes: Node[] = Array.isArray(gb) ? gb : gb?.columns ?? [];
  return {
    k: 'select',
    distinct: String(n.distinct?.type ?? n.distinct ?? '').toUpperCase() === 'DISTINCT',
    items,
    from: convertFrom(n.from),
    where: n.where ? convertExpr(n.where) : null,
    groupBy: groupNodes.map(convertExpr),
    having: n.having ? convertExpr(n.having) : null,
  };
}

function limitOf(n: Node): { limit: number | null; offset: number } {
  let limit: number | null = null, offset = 0;
  const read = (l: Node) => {
    const vals: Node[] = l?.value ?? [];
    if (vals.length === 0) return;
    // LIMIT ALL is no limit; otherwise a whole number of rows.
    const num = (v: Node, what: string): number | null => {
      if (v.type === 'origin' && String(v.value).toLowerCase() === 'all' && what === 'LIMIT') return null;
      const n = Number(v.value);
      if (!Number.isSafeInteger(n) || n < 0) throw new QueryError(`${what} must be a whole number of rows, got ${String(v.value)}`);
      return n;
    };
    const off = (v: Node) => num(v, 'OFFSET')!;
    if (l.seperator === 'offset' && vals.length === 2) { limit = num(vals[0], 'LIMIT'); offset = off(vals[1]); }
    else if (l.seperator === 'offset') offset = off(vals[0]);
    else if (l.seperator === ',' && vals.length === 2) { offset = off(vals[0]); limit = num(vals[1], 'LIMIT'); }
    else limit = num(vals[0], 'LIMIT');
  };
  read(n.limit);
  if (n._limit) read(n._limit);
  return { limit, offset };
}

function orderOf(n: Node): OrderItem[] {
  return (n.orderby ?? []).map((o: Node) => ({
    expr: convertExpr(o.expr),
    desc: String(o.type ?? '').toUpperCase() === 'DESC',
    nulls: o.nulls ? (String(o.nulls).toUpperCase().includes('FIRST') ? 'first' : 'last') : null,
  }));
}

export function convertQuery(n: Node): SqlQuery {
  // A set operation is a chain select._next...; ORDER BY / LIMIT on the last one apply to all.
  const chain: Node[] = [];
  for (let s: Node = n; s; s = s._next) chain.push(s);
  const last = chain[chain.length - 1];
  let body: SqlQueryBody = convertSelect(chain[0]);
  for (let i = 1; i < chain.length; i++) {
    const op = String(chain[i - 1].set_op ?? 'union').toLowerCase().replace(/\s+/g, '');
    const base = op.startsWith('intersect') ? 'intersect' : op.startsWith('except') || op.startsWith('minus') ? 'except' : 'union';
    body = { k: 'setop', op: base, all: op.endsWith('all'), left: body, right: convertSelect(chain[i]) };
  }
  const with_ = (n.with ?? []).map((w: Node) => ({ name: identText(w.name), query: convertQuery(w.stmt?.ast ?? w.stmt) }));
  return { with: with_, body, orderBy: orderOf(last), ...limitOf(last) };
}
