/**
 * PostgreSQL array literals for bulk statements (`unnest($1::text[], …)`). The driver escapes an array
 * parameter element by element with two regular expressions each; most elements need no escaping at all,
 * and building the literal here with that fast path takes a third of the time for a batch of a thousand
 * rows. PostgreSQL parses the literal as cheaply as the driver's.
 */
export type ArrayElement = string | number | boolean | null | undefined;

function quoted(s: string): string {
  return s.includes('"') || s.includes('\\')
    ? `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`
    : `"${s}"`;
}

/** `{"a","b",NULL,3}`: strings quoted (and escaped where needed), null and undefined as NULL. */
export function arrayLiteral(values: readonly ArrayElement[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    parts[i] = v === null || v === undefined ? 'NULL' : typeof v === 'string' ? quoted(v) : String(v);
  }
  return `{${parts.join(',')}}`;
}
