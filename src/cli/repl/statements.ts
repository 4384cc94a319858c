// Cutting REPL input into statements: a statement ends at a `;` that is not
// inside a 'string', a "quoted identifier", a -- comment or a /* comment */.
// Input arrives a line at a time, so the scanner keeps what is unfinished.

export interface Split {
  /** Complete statements, without their `;`, trimmed; empty ones dropped. */
  readonly statements: string[];
  /** The unfinished tail (may be only whitespace or comments). */
  readonly rest: string;
}

/** Splits `text` at every top-level `;`. */
export function splitStatements(text: string): Split {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      i++;
      while (i < n) {
        if (text[i] === c) {
          if (text[i + 1] === c) { i += 2; continue; } // doubled quote inside
          break;
        }
        i++;
      }
      i++;
    } else if (c === '-' && text[i + 1] === '-') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === ';') {
      const stmt = text.slice(start, i).trim();
      if (stmt && !isOnlyComments(stmt)) statements.push(stmt);
      start = ++i;
    } else {
      i++;
    }
  }
  return { statements, rest: text.slice(start) };
}

/** True when `text` holds nothing but whitespace and comments. */
export function isOnlyComments(text: string): boolean {
  return text.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '').trim() === '';
}
