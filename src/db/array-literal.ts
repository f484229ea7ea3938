/**
 * PostgreSQL array literals, built element by element. Bulk inserts send one array parameter per column;
 * building the elements where the rows are prepared (an import's worker threads) leaves the thread that
 * talks to the database only the joining. Elements are always quoted, so any text is safe: inside the
 * quotes only `"` and `\` need a backslash.
 */

/** One element: NULL for null, otherwise the value quoted (numbers and dates as PostgreSQL reads them). */
export function arrayElement(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`array element: ${value} is not a finite number`);
    return String(value);
  }
  const text = typeof value === 'string' ? value : value.toISOString();
  // Most values need no escape; looking first is twice as fast as always replacing. JSON documents have
  // dozens of quotes: two plain replaceAll calls cost about a third less than one regular expression.
  const plain = !text.includes('"') && !text.includes('\\');
  return `"${plain ? text : text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/** The literal of an array from its elements (as made by arrayElement). */
export function arrayLiteral(elements: readonly string[]): string {
  return `{${elements.join(',')}}`;
}

/** A boolean array literal. */
export function boolArray(values: readonly boolean[]): string {
  return arrayLiteral(values.map((v) => (v ? 't' : 'f')));
}
