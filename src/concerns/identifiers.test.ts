import { describe, expect, it } from 'vitest';
import { checkBetriebsnummer, checkIk, checkKvnr } from './identifiers.js';
import { generateReference, normalizeReference } from './reference.js';

describe('KVNR', () => {
  it('accepts valid numbers', () => {
    expect(checkKvnr('A123456780')).toBeNull();
    expect(checkKvnr('t034000002')).toBeNull();
  });
  it('rejects a wrong check digit and a wrong format with distinct messages', () => {
    expect(checkKvnr('G995030567')).toMatch(/Prüfziffer/);
    expect(checkKvnr('A123456781')).toMatch(/Prüfziffer/);
    expect(checkKvnr('123456789')).toMatch(/Buchstaben/);
  });
});

describe('IK', () => {
  it('accepts valid numbers and rejects others', () => {
    expect(checkIk('260326822')).toBeNull();
    expect(checkIk('101575519')).toBeNull();
    expect(checkIk('260326823')).toMatch(/Prüfziffer/);
    expect(checkIk('26032682')).toMatch(/neun/);
  });
});

describe('Betriebsnummer', () => {
  it('accepts the example, warns on a bad check digit, rejects a bad format', () => {
    expect(checkBetriebsnummer('09912342')).toEqual({ error: null, warning: null });
    expect(checkBetriebsnummer('09912343').warning).toMatch(/nicht gültig/);
    expect(checkBetriebsnummer('0991234').error).toMatch(/acht/);
  });
});

describe('reference', () => {
  it('round-trips and detects every single-symbol error', () => {
    for (let n = 0; n < 50; n++) {
      const ref = generateReference();
      expect(ref).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);
      expect(normalizeReference(ref.toLowerCase().replace(/-/g, ' '))).toBe(ref);
      const chars = ref.replace(/-/g, '').split('');
      for (let i = 0; i < chars.length; i++) {
        const wrong = [...chars];
        wrong[i] = chars[i] === '7' ? '8' : '7';
        expect(normalizeReference(wrong.join(''))).toBeNull();
      }
    }
  });
  it('rejects garbage', () => {
    expect(normalizeReference('')).toBeNull();
    expect(normalizeReference('<script>')).toBeNull();
  });
});
