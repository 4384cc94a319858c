// SQL LIKE patterns compiled once per (pattern, escape): the common shapes
// (exact, prefix%, %suffix, %infix%) become string tests, the rest a RegExp.

import { QueryError } from './errors.js';

export type Matcher = (s: string) => boolean;

const cache = new Map<string, Matcher>();

export function likeMatcher(pattern: string, escape: string | null): Matcher {
  const k = `${escape ?? ''}\u0000${pattern}`;
  let m = cache.get(k);
  if (!m) {
    m = compile(pattern, escape);
    if (cache.size > 1000) cache.clear();
    cache.set(k, m);
  }
  return m;
}

function compile(pattern: string, escape: string | null): Matcher {
  if (escape !== null && escape.length !== 1) throw new QueryError(`LIKE ESCAPE must be a single character, got '${escape}'`);
  // Tokens: literal text runs, '%' and '_'.
  const parts: (string | '%' | '_')[] = [];
  let lit = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (escape !== null && c === escape) {
      const n = pattern[i + 1];
      if (n !== '%' && n !== '_' && n !== escape) throw new QueryError(`LIKE pattern '${pattern}' has escape character '${escape}' before '${n ?? 'end of pattern'}' (only %, _ or the escape itself may follow it)`);
      lit += n;
      i++;
    } else if (c === '%' || c === '_') {
      if (lit) parts.push(lit);
      lit = '';
      if (!(c === '%' && parts[parts.length - 1] === '%')) parts.push(c);
    } else lit += c;
  }
  if (lit) parts.push(lit);
  const isLit = (p: string | undefined) => p !== undefined && p !== '%' && p !== '_';
  if (parts.length === 0) return (s) => s === '';
  if (parts.length === 1 && isLit(parts[0])) { const t = parts[0]!; return (s) => s === t; }
  if (parts.length === 1 && parts[0] === '%') return () => true;
  if (parts.length === 2 && isLit(parts[0]) && parts[1] === '%') { const t = parts[0]!; return (s) => s.startsWith(t); }
  if (parts.length === 2 && parts[0] === '%' && isLit(parts[1])) { const t = parts[1]!; return (s) => s.endsWith(t); }
  if (parts.length === 3 && parts[0] === '%' && isLit(parts[1]) && parts[2] === '%') { const t = parts[1]!; return (s) => s.includes(t); }
  const src = parts.map((p) => (p === '%' ? '[\\s\\S]*' : p === '_' ? '[\\s\\S]' : p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))).join('');
  const re = new RegExp(`^${src}$`, 'u');
  return (s) => re.test(s);
}

/** The literal prefix every match starts with ('' when the pattern starts with a wildcard). */
export function likePrefix(pattern: string, escape: string | null): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (escape !== null && c === escape) { out += pattern[i + 1] ?? ''; i++; continue; }
    if (c === '%' || c === '_') break;
    out += c;
  }
  return out;
}
