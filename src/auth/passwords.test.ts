import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords.js';

// Each hash costs 128 MiB and a few hundred milliseconds by design; allow for a busy machine.
describe('password hashing', { timeout: 60_000 }, () => {
  it('verifies the right password, refuses a wrong one, and salts every hash', async () => {
    const a = await hashPassword('Frühling 2026!');
    const b = await hashPassword('Frühling 2026!');
    expect(a).toMatch(/^scrypt\$131072\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, 'Frühling 2026!')).toBe(true);
    // The same text in decomposed Unicode (ü as u + combining diaeresis) is the same password.
    expect(await verifyPassword(a, 'Fru\u0308hling 2026!')).toBe(true);
    expect(await verifyPassword(a, 'frühling 2026!')).toBe(false);
  });

  it('treats malformed stored hashes as a failed login, never as an error', async () => {
    for (const stored of [
      '',
      'scrypt$1$2',
      'argon2$x',
      'scrypt$999999999$8$1$c2FsdA$aGFzaA',
      'scrypt$16384$8$1$c2FsdA$kurz',
    ]) {
      expect(await verifyPassword(stored, 'x')).toBe(false);
    }
  });
});
