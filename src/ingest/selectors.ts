// Advanced event selectors in CloudTrail Lake's JSON shape, applied at ingest:
// an event is stored if ANY selector matches; a selector matches if ALL of its
// field selectors do. Positive operators (Equals, StartsWith, EndsWith) hold if a
// value matches ANY pattern; negative ones (NotEquals, NotStartsWith, NotEndsWith)
// hold if NO value matches any pattern. resources.type/ARN look at every resource.

import { UserError } from '../util/errors.js';
import { isPlainObject, type JsonObject } from '../model/record.js';

export const SELECTOR_FIELDS = [
  'eventCategory', 'eventSource', 'eventName', 'eventType', 'readOnly',
  'resources.type', 'resources.ARN', 'userIdentity.arn', 'errorCode',
] as const;
export type SelectorField = (typeof SELECTOR_FIELDS)[number];

export const OPERATORS = ['Equals', 'NotEquals', 'StartsWith', 'EndsWith', 'NotStartsWith', 'NotEndsWith'] as const;
export type Operator = (typeof OPERATORS)[number];

export interface FieldSelector {
  readonly Field: SelectorField;
  readonly Equals?: readonly string[];
  readonly NotEquals?: readonly string[];
  readonly StartsWith?: readonly string[];
  readonly EndsWith?: readonly string[];
  readonly NotStartsWith?: readonly string[];
  readonly NotEndsWith?: readonly string[];
}

export interface AdvancedEventSelector {
  readonly Name?: string;
  readonly FieldSelectors: readonly FieldSelector[];
}

/** Checks the shape of selectors read from a file; `source` names the file in errors. */
export function parseSelectors(value: unknown, source: string): AdvancedEventSelector[] {
  const fail = (why: string): never => {
    throw new UserError(`invalid event selectors in ${source}: ${why}`);
  };
  const list = isPlainObject(value) && Array.isArray(value.AdvancedEventSelectors) ? value.AdvancedEventSelectors : value;
  if (!Array.isArray(list)) fail('expected a JSON array of advanced event selectors');
  return (list as unknown[]).map((sel, i) => {
    const at = `selector ${i + 1}`;
    if (!isPlainObject(sel)) return fail(`${at} is not an object`);
    if (sel.Name !== undefined && typeof sel.Name !== 'string') fail(`${at}: Name must be a string`);
    if (!Array.isArray(sel.FieldSelectors) || sel.FieldSelectors.length === 0) fail(`${at}: FieldSelectors must be a non-empty array`);
    const fields = (sel.FieldSelectors as unknown[]).map((fs, j) => {
      const fat = `${at}, field selector ${j + 1}`;
      if (!isPlainObject(fs)) return fail(`${fat} is not an object`);
      if (!SELECTOR_FIELDS.includes(fs.Field as SelectorField)) {
        fail(`${fat}: Field ${JSON.stringify(fs.Field)} is not one of ${SELECTOR_FIELDS.join(', ')}`);
      }
      let ops = 0;
      for (const key of Object.keys(fs)) {
        if (key === 'Field') continue;
        if (!OPERATORS.includes(key as Operator)) fail(`${fat}: unknown operator ${key} (use ${OPERATORS.join(', ')})`);
        const v = fs[key];
        if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== 'string')) {
          fail(`${fat}: ${key} must be a non-empty array of strings`);
        }
        ops++;
      }
      if (ops === 0) fail(`${fat}: no operator (use ${OPERATORS.join(', ')})`);
      return fs as unknown as FieldSelector;
    });
    return { ...(sel.Name !== undefined ? { Name: sel.Name as string } : {}), FieldSelectors: fields };
  });
}

/** eventCategory as CloudTrail Lake sees it; older records lack the field. */
function eventCategory(r: JsonObject): string | undefined {
  if (typeof r.eventCategory === 'string') return r.eventCategory;
  if (r.insightDetails !== undefined) return 'Insight';
  if (r.managementEvent === false) return 'Data';
  return 'Management';
}

function valuesOf(r: JsonObject, field: SelectorField): string[] {
  const one = (v: unknown) => (typeof v === 'string' ? [v] : typeof v === 'boolean' ? [String(v)] : []);
  switch (field) {
    case 'eventCategory': return one(eventCategory(r));
    case 'eventSource':
    case 'eventName':
    case 'eventType':
    case 'readOnly':
    case 'errorCode':
      return one(r[field]);
    case 'userIdentity.arn': return one(isPlainObject(r.userIdentity) ? r.userIdentity.arn : undefined);
    case 'resources.type':
    case 'resources.ARN': {
      const key = field === 'resources.type' ? 'type' : 'ARN';
      return Array.isArray(r.resources) ? r.resources.flatMap((x) => (isPlainObject(x) ? one(x[key]) : [])) : [];
    }
    default:
      return field satisfies never;
  }
}

const TESTS: Record<Operator, (value: string, pattern: string) => boolean> = {
  Equals: (v, p) => v === p,
  NotEquals: (v, p) => v === p,
  StartsWith: (v, p) => v.startsWith(p),
  NotStartsWith: (v, p) => v.startsWith(p),
  EndsWith: (v, p) => v.endsWith(p),
  NotEndsWith: (v, p) => v.endsWith(p),
};

function fieldMatches(r: JsonObject, fs: FieldSelector): boolean {
  const values = valuesOf(r, fs.Field);
  for (const op of OPERATORS) {
    const patterns = fs[op];
    if (!patterns) continue;
    const hit = values.some((v) => patterns.some((p) => TESTS[op](v, p)));
    if (op.startsWith('Not') ? hit : !hit) return false;
  }
  return true;
}

export function matchesSelectors(r: JsonObject, selectors: readonly AdvancedEventSelector[]): boolean {
  return selectors.some((s) => s.FieldSelectors.every((fs) => fieldMatches(r, fs)));
}
