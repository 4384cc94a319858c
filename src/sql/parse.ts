// SQL text → our syntax tree. The only importer of node-sql-parser: the text
// is first rewritten for Trino syntax the grammar lacks (sql/dialect.ts), then
// parsed with the postgresql grammar and converted (sql/convert.ts). Syntax
// errors name the line and column and show a caret under the user's text.

// Only the postgresql grammar's build: loading the package's index (every dialect) costs ~150 ms more at start.
import nodeSqlParser from 'node-sql-parser/build/postgresql.js';
import { QueryError } from '../exec/errors.js';
import type { SqlStatement } from './ast.js';
import { convertQuery } from './convert.js';
import { rewrite } from './dialect.js';
import { caret, lineCol, tokenize } from './tokens.js';

const parser = new nodeSqlParser.Parser();

function syntaxError(sql: string, offset: number, found: string | null): QueryError {
  const { line, column } = lineCol(sql, offset);
  const what = found === null ? 'unexpected end of input' : `unexpected ${JSON.stringify(found)}`;
  return new QueryError(`syntax error at line ${line}, column ${column}: ${what}\n${caret(sql, offset)}`);
}

/** Parses one statement: a query, optionally prefixed by EXPLAIN. */
export function parseSql(sql: string): SqlStatement {
  const toks = tokenize(sql).filter((t) => t.type !== 'ws' && t.type !== 'comment');
  if (toks.length === 0) throw new QueryError('empty query');
  let explain = false;
  let body = sql;
  let shift = 0;
  if (toks[0]!.type === 'word' && toks[0]!.text.toUpperCase() === 'EXPLAIN') {
    explain = true;
    shift = toks[0]!.start + toks[0]!.text.length;
    body = ' '.repeat(shift) + sql.slice(shift);
  }
  const first = toks[explain ? 1 : 0];
  if (first && first.type === 'word' && !/^(select|with)$/i.test(first.text) && first.text !== '(') {
    throw new QueryError(`only queries (SELECT, WITH) are supported, not ${first.text.toUpperCase()}\n${caret(sql, first.start)}`);
  }
  const rw = rewrite(body);
  let ast: unknown;
  try {
    ast = parser.astify(rw.text, { database: 'postgresql' });
  } catch (e) {
    const err = e as { location?: { start?: { offset: number } }; found?: string | null; message?: string };
    if (err.location?.start) {
      const offset = rw.origin(err.location.start.offset);
      throw syntaxError(sql, offset, offset >= sql.trimEnd().length ? null : sql[offset] ?? null);
    }
    throw new QueryError(`syntax error: ${err.message ?? String(e)}`);
  }
  const statements = (Array.isArray(ast) ? ast : [ast]).filter((s) => s !== null && s !== undefined);
  if (statements.length !== 1) throw new QueryError(`expected one statement, found ${statements.length}`);
  return { explain, query: convertQuery(statements[0]) };
}
