import { createHash, randomBytes } from 'node:crypto';
import { recordEvent, staffActor } from '../audit/audit.repository.js';
import { withTenant, type Db } from '../db/database.js';
import { AppError, invalidField } from '../errors.js';
import {
  deleteSession,
  findSessionUser,
  findUserByEmail,
  findUserById,
  insertSession,
  setPasswordHash,
  type StaffUser,
} from './auth.repository.js';
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from './passwords.js';

export const SESSION_COOKIE = 'vorrang_session';

/** The cookie holds a random token; the database keeps only its hash, so a leaked table opens nothing. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export async function login(
  db: Db,
  input: { email: string; password: string },
  sessionHours: number,
): Promise<{ token: string; user: StaffUser; expiresAt: Date }> {
  const user = await findUserByEmail(db, input.email);
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  if (!user || !ok || user.disabled) throw new AppError('LOGIN_FAILED');
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + sessionHours * 3_600_000);
  const { passwordHash: _hash, disabled: _disabled, ...staff } = user;
  await withTenant(db, user.tenantId, async (trx) => {
    await insertSession(trx, { id: sessionIdOf(token), tenantId: user.tenantId, userId: user.id, expiresAt });
    await recordEvent(trx, {
      tenantId: user.tenantId,
      actor: staffActor(user.id, user.displayName),
      action: 'session.login',
      subjectType: 'user',
      subjectId: user.id,
    });
  });
  return { token, user: staff, expiresAt };
}

export async function logout(db: Db, user: StaffUser, token: string): Promise<void> {
  await withTenant(db, user.tenantId, async (trx) => {
    await deleteSession(trx, sessionIdOf(token));
    await recordEvent(trx, {
      tenantId: user.tenantId,
      actor: staffActor(user.id, user.displayName),
      action: 'session.logout',
      subjectType: 'user',
      subjectId: user.id,
    });
  });
}

export function resolveSession(db: Db, token: string): Promise<StaffUser | undefined> {
  return findSessionUser(db, sessionIdOf(token), new Date());
}

/**
 * A staff member replaces their own password (a start password from the administration, or a routine
 * change). The current one is asked again, so an unattended open session cannot lock its owner out. Other
 * sessions of the account end; this one stays.
 */
export async function changeOwnPassword(
  db: Db,
  user: StaffUser,
  token: string,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const problem = passwordProblem(input.newPassword);
  if (problem !== null) throw invalidField('newPassword', problem);
  if (input.newPassword === input.currentPassword) {
    throw invalidField('newPassword', 'Das neue Passwort muss sich vom bisherigen unterscheiden.');
  }
  const stored = await withTenant(db, user.tenantId, (trx) => findUserById(trx, user.id));
  if (!stored || !(await verifyPassword(stored.passwordHash, input.currentPassword))) {
    throw invalidField('currentPassword', 'Das bisherige Passwort stimmt nicht.');
  }
  const passwordHash = await hashPassword(input.newPassword);
  await withTenant(db, user.tenantId, async (trx) => {
    // Only over the password just checked: a reset by the administration while this ran wins.
    const set = await setPasswordHash(trx, user.id, passwordHash, {
      keepSession: sessionIdOf(token),
      replacing: stored.passwordHash,
    });
    if (!set) {
      throw new AppError('CONFLICT', {
        message: 'password changed meanwhile',
        userMessage: 'Ihr Passwort wurde gerade anderweitig geändert. Bitte melden Sie sich neu an.',
      });
    }
    await recordEvent(trx, {
      tenantId: user.tenantId,
      actor: staffActor(user.id, user.displayName),
      action: 'user.password_changed',
      subjectType: 'user',
      subjectId: user.id,
    });
  });
}
