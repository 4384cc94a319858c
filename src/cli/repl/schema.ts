// The record's columns as the REPL shows and completes them: the field tree of
// model/fields.ts with the SQL type each path has in a query (structs read as
// JSON), plus eventJson, the whole record.

import { INTERNAL_COLUMNS, RECORD_FIELDS, type Field } from '../../model/fields.js';
import { leafType } from '../../sql/scope.js';
import type { Palette } from '../color.js';

export interface SchemaNode {
  readonly name: string;
  /** The SQL type the path has in a query; a struct is `json` and has children. */
  readonly type: string;
  readonly children: readonly SchemaNode[];
}

const node = (f: Field): SchemaNode =>
  f.kind === 'leaf' ? { name: f.name, type: leafType(f.type), children: [] } : { name: f.name, type: 'json', children: f.children.map(node) };

export const SCHEMA: readonly SchemaNode[] = [
  ...RECORD_FIELDS.filter((f) => !INTERNAL_COLUMNS.has(f.name)).map(node),
  { name: 'eventJson', type: 'json', children: [] },
];

/** The fields under a dotted path (matched case-insensitively), or null if it names no struct. */
export function fieldsAt(path: readonly string[]): readonly SchemaNode[] | null {
  let level: readonly SchemaNode[] = SCHEMA;
  for (const part of path) {
    const hit = level.find((n) => n.name.toLowerCase() === part.toLowerCase());
    if (!hit || hit.children.length === 0) return null;
    level = hit.children;
  }
  return level;
}

/** The column tree, one path per line, indented by depth, with types. */
export function schemaText(p: Palette): string {
  const lines: [string, string][] = [];
  const walk = (nodes: readonly SchemaNode[], depth: number) => {
    for (const n of nodes) {
      lines.push([`${'  '.repeat(depth)}${n.name}`, n.children.length ? 'json (struct)' : n.type]);
      walk(n.children, depth + 1);
    }
  };
  walk(SCHEMA, 0);
  const width = lines.reduce((w, [a]) => Math.max(w, a.length), 0);
  return lines.map(([a, t]) => `${a.padEnd(width)}  ${p.dim(t)}`).join('\n');
}
