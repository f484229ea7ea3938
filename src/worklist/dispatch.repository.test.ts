import { describe, expect, it } from 'vitest';
import { uuidRange } from './dispatch.repository.js';

describe('uuidRange', () => {
  it('cuts the uuid space into adjacent ranges that cover it', () => {
    expect(uuidRange(0, 1)).toEqual({ lower: '00000000-0000-0000-0000-000000000000', upper: null });
    expect(uuidRange(0, 2)).toEqual({
      lower: '00000000-0000-0000-0000-000000000000',
      upper: '80000000-0000-0000-0000-000000000000',
    });
    expect(uuidRange(1, 2)).toEqual({ lower: '80000000-0000-0000-0000-000000000000', upper: null });
    for (const parts of [3, 7, 256]) {
      for (let k = 0; k < parts - 1; k++)
        expect(uuidRange(k, parts).upper).toBe(uuidRange(k + 1, parts).lower);
      expect(uuidRange(parts - 1, parts).upper).toBeNull();
    }
    expect(uuidRange(255, 256).lower).toBe('ff000000-0000-0000-0000-000000000000');
  });

  it('refuses a part that does not exist', () => {
    expect(() => uuidRange(2, 2)).toThrow(RangeError);
    expect(() => uuidRange(0, 0)).toThrow(RangeError);
    expect(() => uuidRange(-1, 2)).toThrow(RangeError);
    expect(() => uuidRange(0.5, 2)).toThrow(RangeError);
  });
});
