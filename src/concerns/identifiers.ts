/**
 * Check-digit validation of the identifiers people put on their concerns: KVNR (§ 290 SGB V),
 * Institutionskennzeichen (§ 293 SGB V) and Betriebsnummer (§ 18i SGB IV).
 */

function crossSum(n: number): number {
  return n > 9 ? Math.floor(n / 10) + (n % 10) : n;
}

/** Weighted cross-sum check: weights alternate 1,2,1,2… (or 2,1,… when startWeight is 2), result mod 10. */
function weightedCheck(digits: number[], startWeight: 1 | 2): number {
  let sum = 0;
  digits.forEach((d, i) => {
    const weight = i % 2 === 0 ? startWeight : 3 - startWeight;
    sum += crossSum(d * weight);
  });
  return sum % 10;
}

function toDigits(s: string): number[] {
  return [...s].map((c) => c.charCodeAt(0) - 48);
}

export function normalizeIdentifier(value: string): string {
  return value.replace(/[\s-]/g, '').toUpperCase();
}

/** KVNR: a letter and nine digits; the letter counts as its two-digit alphabet position. */
export function checkKvnr(raw: string): string | null {
  const v = normalizeIdentifier(raw);
  if (!/^[A-Z][0-9]{9}$/.test(v))
    return 'Die Krankenversichertennummer besteht aus einem Buchstaben und neun Ziffern, z. B. A123456780.';
  const letter = String(v.charCodeAt(0) - 64).padStart(2, '0');
  const digits = toDigits(letter + v.slice(1, 9));
  const expected = weightedCheck(digits, 1);
  return expected === Number(v[9])
    ? null
    : 'Die Prüfziffer der Krankenversichertennummer stimmt nicht. Bitte prüfen Sie die Eingabe.';
}

/** IK: nine digits; the check digit covers digits 3 to 8 with weights 2,1,2,1,2,1. */
export function checkIk(raw: string): string | null {
  const v = normalizeIdentifier(raw);
  if (!/^[0-9]{9}$/.test(v)) return 'Das Institutionskennzeichen (IK) hat genau neun Ziffern.';
  const expected = weightedCheck(toDigits(v.slice(2, 8)), 2);
  return expected === Number(v[8])
    ? null
    : 'Die Prüfziffer des Institutionskennzeichens stimmt nicht. Bitte prüfen Sie die Eingabe.';
}

/**
 * Betriebsnummer: eight digits, weights 1,2,… over the first seven. Both the plain sum and the sum + 5 are
 * in use, so either passes. Only the format is a hard error; a failed check digit is a warning.
 */
export function checkBetriebsnummer(raw: string): { error: string | null; warning: string | null } {
  const v = normalizeIdentifier(raw);
  if (!/^[0-9]{8}$/.test(v)) return { error: 'Die Betriebsnummer hat genau acht Ziffern.', warning: null };
  const prefix = Number(v.slice(0, 3));
  const plain = weightedCheck(toDigits(v.slice(0, 7)), 1);
  const check = Number(v[7]);
  const ok =
    (check === plain || check === (plain + 5) % 10) && (prefix >= 110 || (prefix >= 10 && prefix <= 99));
  return {
    error: null,
    warning: ok ? null : 'Die Betriebsnummer scheint nicht gültig zu sein. Bitte prüfen Sie sie.',
  };
}
