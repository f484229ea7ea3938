import { describe, expect, it } from 'vitest';
import { arrayElement, arrayLiteral } from './array-literal.js';

describe('array literals', () => {
  it('quotes text and escapes only quotes and backslashes', () => {
    expect(arrayElement('a "b" \\c\n{d},e')).toBe('"a \\"b\\" \\\\c\n{d},e"');
    expect(arrayElement('C:\\x')).toBe('"C:\\\\x"');
    expect(arrayElement('a "b"')).toBe('"a \\"b\\""');
    expect(arrayElement('')).toBe('""');
    expect(arrayElement('NULL')).toBe('"NULL"');
  });

  it('writes NULL, numbers and dates as PostgreSQL reads them', () => {
    expect(arrayElement(null)).toBe('NULL');
    expect(arrayElement(undefined)).toBe('NULL');
    expect(arrayElement(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(arrayElement(new Date(Date.UTC(2023, 3, 5, 6, 7, 8, 9)))).toBe('"2023-04-05T06:07:08.009Z"');
    expect(() => arrayElement(Number.NaN)).toThrow(/finite/);
  });

  it('joins elements in braces', () => {
    expect(arrayLiteral([arrayElement('x'), arrayElement(null), arrayElement(3)])).toBe('{"x",NULL,3}');
    expect(arrayLiteral([])).toBe('{}');
  });
});
