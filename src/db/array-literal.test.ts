import { describe, expect, it } from 'vitest';
import { arrayLiteral } from './array-literal.js';

describe('arrayLiteral', () => {
  it('quotes strings, escapes quotes and backslashes, and writes NULL for missing values', () => {
    expect(arrayLiteral(['a', 'b c', 'say "hi"', 'C:\\temp', '', null, undefined, 3, 2.5, true])).toBe(
      '{"a","b c","say \\"hi\\"","C:\\\\temp","",NULL,NULL,3,2.5,true}',
    );
  });

  it('keeps the string NULL apart from a missing value', () => {
    expect(arrayLiteral(['NULL', null])).toBe('{"NULL",NULL}');
  });

  it('writes an empty array', () => {
    expect(arrayLiteral([])).toBe('{}');
  });
});
