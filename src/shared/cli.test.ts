import { describe, expect, it } from 'vitest';
import { UsageError, wholeNumber } from './cli.js';

describe('wholeNumber', () => {
  it('reads plain digits within the bounds', () => {
    expect(wholeNumber('--shares', '8', 3, 20)).toBe(8);
    expect(wholeNumber('--seed', '0', 0, 10)).toBe(0);
    expect(wholeNumber('--shares', '20', 3, 20)).toBe(20);
  });

  it('refuses signs, fractions, exponents, spaces and values out of bounds, naming the flag', () => {
    for (const raw of ['1e1', ' 8', '8.0', '-5', '+5', '', 'eight', '2', '21', '0x8']) {
      expect(() => wholeNumber('--shares', raw, 3, 20), raw).toThrow(UsageError);
      expect(() => wholeNumber('--shares', raw, 3, 20), raw).toThrow(
        `--shares expects a whole number from 3 to 20, got "${raw}"`,
      );
    }
  });
});
