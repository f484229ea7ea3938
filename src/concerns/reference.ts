/**
 * Human-friendly concern references such as `K7Q4-9MZB-3`: eight random symbols from Crockford's base-32
 * alphabet (no I, L, O, U, so nothing reads ambiguously on the phone) and one Luhn mod 32 check symbol,
 * which catches every single wrong symbol and most swapped neighbours before a lookup is even made.
 */
import { randomInt } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const N = ALPHABET.length;

function checkSymbol(body: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i--) {
    let addend = factor * ALPHABET.indexOf(body[i]!);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / N) + (addend % N);
    sum += addend;
  }
  return ALPHABET[(N - (sum % N)) % N]!;
}

export function generateReference(): string {
  let body = '';
  for (let i = 0; i < 8; i++) body += ALPHABET[randomInt(N)];
  return `${body.slice(0, 4)}-${body.slice(4)}-${checkSymbol(body)}`;
}

/** Normalises what a person typed (lower case, spaces, O for 0, I or L for 1) into the canonical form. */
export function normalizeReference(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (s.length !== 9 || [...s].some((c) => !ALPHABET.includes(c))) return null;
  const body = s.slice(0, 8);
  if (checkSymbol(body) !== s[8]) return null;
  return `${body.slice(0, 4)}-${body.slice(4)}-${s[8]}`;
}
