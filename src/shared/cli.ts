/** What every `vorrang` command shares in reading its arguments. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A wrong call (unknown option, missing value, bad value): the command prints it and exits with 2. */
export class UsageError extends Error {}

/**
 * Options parsed strictly with node:util: an unknown option, a stray argument or a missing value is a
 * UsageError, so a typo never falls back to a default silently.
 */
export function parseOptions<const O extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  options: O,
) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** A whole-number option value from `min` to `max`; anything else (a sign, a fraction, `1e3`) is a UsageError. */
export function wholeNumber(flag: string, raw: string, min: number, max: number): number {
  const v = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(v >= min && v <= max))
    throw new UsageError(`${flag} expects a whole number from ${min} to ${max}, got "${raw}"`);
  return v;
}
