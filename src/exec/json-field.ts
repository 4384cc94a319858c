// Reading one member of a JSON text: `element_at(resources, 1).arn` and paths
// that continue past a JSON column (`requestParameters.bucketName`). Strings
// come back as they are, other values as compact JSON text, absent as NULL.

let lastText: string | null = null;
let lastValue: unknown;

function parse(text: string): unknown {
  if (text === lastText) return lastValue;
  let v: unknown;
  try { v = JSON.parse(text); } catch { v = undefined; }
  lastText = text;
  lastValue = v;
  return v;
}

export function jsonMember(text: string, key: string): string | null {
  const doc = parse(text);
  if (doc === null || typeof doc !== 'object') return null;
  let v: unknown;
  if (Array.isArray(doc)) return null; // a field of an array: use element_at(x, i).field
  {
    v = (doc as Record<string, unknown>)[key];
    if (v === undefined) {
      const lower = key.toLowerCase();
      const k = Object.keys(doc).find((x) => x.toLowerCase() === lower);
      if (k !== undefined) v = (doc as Record<string, unknown>)[k];
    }
  }
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}
