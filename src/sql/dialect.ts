// Rewrites of Trino / CloudTrail Lake syntax that node-sql-parser's grammar
// does not accept, done on tokens before parsing (never by forking the parser).
// Each rewrite keeps a map back to the user's text so errors point at it.
//
//   f(x).field            →  __field(f(x), 'field')      (element_at(resources, 1).arn)
//   a IS DISTINCT FROM b  →  a !~* b   (an operator the grammar parses at comparison level)
//   a IS NOT DISTINCT FROM b → a !~ b
//   < =  /  > =           →  <=  /  >=   (CloudTrail Lake's own docs write `< =`)
//   FROM eds-ID / FROM 5e26...-6691 / FROM 5e2676f8  →  FROM "eds-ID"  (store names, ids, id prefixes)
//   '\'                   →  a private-use character the converter maps back, since
//                            the grammar treats backslash as an escape and Trino does not

import { tokenize, type Token } from './tokens.js';

/** Stand-in for a backslash inside string literals (restored by sql/convert.ts). */
export const BACKSLASH = '\uE000';
export const DISTINCT_OP = '!~*';
export const NOT_DISTINCT_OP = '!~';
export const FIELD_FN = '__field';

export interface Rewritten {
  readonly text: string;
  /** Maps an offset in `text` back to an offset in the original SQL. */
  readonly origin: (offset: number) => number;
}

interface Piece { text: string; from: number }

const upper = (t: Token | undefined) => (t?.type === 'word' ? t.text.toUpperCase() : '');

export function rewrite(sql: string): Rewritten {
  const toks = tokenize(sql);
  const pieces: Piece[] = [];
  const next = (i: number) => { let j = i + 1; while (j < toks.length && (toks[j]!.type === 'ws' || toks[j]!.type === 'comment')) j++; return j; };
  // For `).field`, remember where each call's name starts so it can be wrapped.
  const callStarts: number[] = []; // stack of piece indexes where a '(' call began
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.type === 'string') {
      pieces.push({ text: t.text.split('\\').join(BACKSLASH), from: t.start });
      continue;
    }
    if (t.type === 'op' && (t.text === '<' || t.text === '>' || t.text === '!')) {
      const j = next(i);
      if (toks[j]?.text === '=' && toks.slice(i + 1, j).every((x) => x.type === 'ws')) {
        pieces.push({ text: t.text + '=', from: t.start });
        i = j;
        continue;
      }
    }
    if (upper(t) === 'IS') {
      const j = next(i), k = next(j), l = next(k);
      if (upper(toks[j]) === 'DISTINCT' && upper(toks[k]) === 'FROM') {
        pieces.push({ text: DISTINCT_OP, from: t.start });
        i = k;
        continue;
      }
      if (upper(toks[j]) === 'NOT' && upper(toks[k]) === 'DISTINCT' && upper(toks[l]) === 'FROM') {
        pieces.push({ text: NOT_DISTINCT_OP, from: t.start });
        i = l;
        continue;
      }
    }
    if (upper(t) === 'FROM' || upper(t) === 'JOIN') {
      // A name CloudTrail Lake allows unquoted but the grammar does not: word/number tokens run
      // together or joined by '-', with no spaces (an id `5e26...-6691`, or an id prefix `5e2676f8`).
      const j = next(i);
      const part = (x: Token | undefined) => x?.type === 'word' || x?.type === 'number';
      let k = j;
      if (part(toks[j])) while (part(toks[k + 1]) || (toks[k + 1]?.text === '-' && part(toks[k + 2]))) k += toks[k + 1]!.text === '-' ? 2 : 1;
      const dashed = part(toks[j]) && (k > j || toks[j]!.type === 'number');
      if (dashed) {
        pieces.push({ text: t.text, from: t.start });
        for (let m = i + 1; m < j; m++) pieces.push({ text: toks[m]!.text, from: toks[m]!.start });
        const name = toks.slice(j, k + 1).map((x) => x.text).join('');
        pieces.push({ text: `"${name}"`, from: toks[j]!.start });
        i = k;
        continue;
      }
    }
    if (t.text === '(') {
      // Remember the piece where this parenthesised group starts, including a call name before it.
      let p = pieces.length;
      let q = p - 1;
      while (q >= 0 && /^\s*$/.test(pieces[q]!.text)) q--;
      if (q >= 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(pieces[q]!.text)) p = q;
      callStarts.push(p);
      pieces.push({ text: t.text, from: t.start });
      continue;
    }
    if (t.text === ')') {
      const start = callStarts.pop();
      pieces.push({ text: t.text, from: t.start });
      // `).name` (possibly repeated): wrap the call in __field(...).
      let j = next(i);
      while (start !== undefined && toks[j]?.text === '.' && (toks[next(j)]?.type === 'word' || toks[next(j)]?.type === 'qident')) {
        const nameTok = toks[next(j)]!;
        const name = nameTok.type === 'qident' ? nameTok.text.slice(1, -1) : nameTok.text;
        pieces.splice(start, 0, { text: `${FIELD_FN}(`, from: pieces[start]!.from });
        pieces.push({ text: `, '${name.replace(/'/g, "''")}')`, from: nameTok.start });
        i = next(j);
        j = next(i);
      }
      continue;
    }
    pieces.push({ text: t.text, from: t.start });
  }
  let text = '';
  const starts: number[] = [];
  for (const p of pieces) { starts.push(text.length); text += p.text; }
  const origin = (offset: number): number => {
    let lo = 0, hi = pieces.length - 1, best = 0;
    while (lo <= hi) { const mid = (lo + hi) >> 1; if (starts[mid]! <= offset) { best = mid; lo = mid + 1; } else hi = mid - 1; }
    const p = pieces[best];
    if (!p) return Math.min(offset, sql.length);
    return Math.min(p.from + Math.min(offset - starts[best]!, p.text.length), sql.length);
  };
  return { text, origin };
}
