// A small SQL tokenizer: just enough to rewrite Trino syntax that
// node-sql-parser does not accept (sql/dialect.ts) and to place error carets.
// Strings follow Trino: '' escapes a quote, a backslash is an ordinary character.

export type TokenType = 'ws' | 'comment' | 'string' | 'qident' | 'word' | 'number' | 'op';

export interface Token {
  readonly type: TokenType;
  readonly text: string;
  readonly start: number;
}

const isWordStart = (c: string) => /[A-Za-z_$\u0080-\uffff]/.test(c);
const isWordChar = (c: string) => /[A-Za-z0-9_$\u0080-\uffff]/.test(c);
const OPS = ['<=>', '<>', '<=', '>=', '!=', '||', '::', '->'];

export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const push = (type: TokenType, end: number) => {
    out.push({ type, text: sql.slice(i, end), start: i });
    i = end;
  };
  while (i < sql.length) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /\s/.test(sql[j]!)) j++;
      push('ws', j);
    } else if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      push('comment', nl < 0 ? sql.length : nl);
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      push('comment', end < 0 ? sql.length : end + 2);
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) break;
        if (sql[j] === c) {
          if (sql[j + 1] === c) { j += 2; continue; }
          j++;
          break;
        }
        j++;
      }
      push(c === "'" ? 'string' : 'qident', j);
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < sql.length && /[0-9.eE]/.test(sql[j]!)) j++;
      push('number', j);
    } else if (isWordStart(c)) {
      let j = i + 1;
      while (j < sql.length && isWordChar(sql[j]!)) j++;
      push('word', j);
    } else {
      const op = OPS.find((o) => sql.startsWith(o, i));
      push('op', i + (op ? op.length : 1));
    }
  }
  return out;
}

/** 1-based line and column of an offset. */
export function lineCol(sql: string, offset: number): { line: number; column: number } {
  const before = sql.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** The offending line with a caret under the column, for error messages. */
export function caret(sql: string, offset: number): string {
  const { line, column } = lineCol(sql, offset);
  const text = sql.split('\n')[line - 1] ?? '';
  return `  ${text}\n  ${' '.repeat(Math.max(0, column - 1))}^`;
}
