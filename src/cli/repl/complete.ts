// Tab completion for the REPL: dot-commands and their arguments at the start
// of a line; elsewhere SQL keywords, function names, store names and column
// paths. After a dot, `userIdentity.` offers that struct's fields, at any depth
// (`t.userIdentity.` too, for a table alias). Matching ignores case.

import { functionNames } from '../../exec/functions/index.js';
import { AGGREGATES } from '../../sql/bind-expr.js';
import { fieldsAt, SCHEMA } from './schema.js';

export const KEYWORDS: readonly string[] = [
  'SELECT', 'FROM', 'WHERE', 'GROUP', 'BY', 'ORDER', 'HAVING', 'LIMIT', 'OFFSET', 'AND', 'OR', 'NOT', 'IN', 'LIKE',
  'ESCAPE', 'BETWEEN', 'IS', 'NULL', 'DISTINCT', 'AS', 'ON', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'OUTER', 'CROSS',
  'UNION', 'ALL', 'INTERSECT', 'EXCEPT', 'WITH', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'CAST', 'TRY_CAST', 'ASC', 'DESC',
  'NULLS', 'FIRST', 'LAST', 'TRUE', 'FALSE', 'EXISTS', 'INTERVAL', 'TIMESTAMP', 'DATE', 'EXPLAIN', 'DAY', 'HOUR', 'MINUTE',
  'SECOND', 'MONTH', 'YEAR',
];

export interface CompletionContext {
  /** Dot-command names with their argument choices (null: a free argument such as a file). */
  readonly dotCommands: ReadonlyMap<string, (() => readonly string[]) | null>;
  storeNames(): readonly string[];
}

const startsWithCi = (s: string, prefix: string) => s.toLowerCase().startsWith(prefix.toLowerCase());

/** readline's completer contract: the candidates, and the text they would replace. */
export function complete(line: string, ctx: CompletionContext): [string[], string] {
  const dot = /^\s*(\.\w*)(\s+(\S*))?$/.exec(line);
  if (dot) {
    if (dot[2] === undefined) return [[...ctx.dotCommands.keys()].filter((c) => c.startsWith(dot[1]!)).map((c) => `${c} `), dot[1]!];
    const args = ctx.dotCommands.get(dot[1]!);
    const word = dot[3] ?? '';
    return [args ? args().filter((a) => startsWithCi(a, word)) : [], word];
  }
  const word = /[A-Za-z0-9_.$"-]*$/.exec(line)![0];
  const bare = word.replace(/"/g, '');
  if (bare.includes('.')) {
    const parts = bare.split('.');
    const partial = parts.pop()!;
    // Try the whole prefix as a field path, then without its first part (a table alias).
    for (const path of [parts, parts.slice(1)]) {
      const fields = path.length ? fieldsAt(path) : null;
      if (fields) {
        const base = bare.slice(0, bare.length - partial.length);
        return [fields.filter((f) => startsWithCi(f.name, partial)).map((f) => base + f.name), word];
      }
    }
    return [[], word];
  }
  const lower = bare === bare.toLowerCase();
  const candidates = [
    ...KEYWORDS.map((k) => (lower ? k.toLowerCase() : k)),
    ...functionNames(), ...AGGREGATES,
    ...ctx.storeNames(),
    ...SCHEMA.map((f) => f.name),
  ];
  const hits = [...new Set(candidates.filter((c) => startsWithCi(c, bare)))].sort();
  return [bare ? hits : [], word];
}
