/**
 * Account and session look-ups. Login and session resolution happen before the tenant is known, so they
 * run as the owner role; every other user query runs under withTenant.
 */
import { sql } from 'kysely';
import type { Db, Queryable, Tx } from '../db/database.js';
import type { Role } from './roles.js';

export interface StaffUser {
  id: string;
  tenantId: string;
  email: string;
  displayName: string;
  role: Role;
  teamId: string | null;
}

export interface UserWithHash extends StaffUser {
  passwordHash: string;
  disabled: boolean;
}

type UserRow = {
  id: string;
  tenant_id: string;
  email: string;
  display_name: string;
  role: Role;
  team_id: string | null;
};

function toStaffUser(row: UserRow): StaffUser {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    teamId: row.team_id,
  };
}

/** The account with this e-mail address in any Kasse (staff log in with the address alone). */
export async function findUserByEmail(db: Db, email: string): Promise<UserWithHash | undefined> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'tenant_id', 'email', 'display_name', 'role', 'team_id', 'password_hash', 'disabled'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
  return row ? { ...toStaffUser(row), passwordHash: row.password_hash, disabled: row.disabled } : undefined;
}

export async function insertSession(
  trx: Tx,
  s: { id: string; tenantId: string; userId: string; expiresAt: Date },
): Promise<void> {
  await trx
    .insertInto('sessions')
    .values({ id: s.id, tenant_id: s.tenantId, user_id: s.userId, expires_at: s.expiresAt })
    .execute();
}

export async function findSessionUser(db: Db, sessionId: string, now: Date): Promise<StaffUser | undefined> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.tenant_id', 'u.email', 'u.display_name', 'u.role', 'u.team_id'])
    .where('s.id', '=', sessionId)
    .where('s.expires_at', '>', now)
    .where('u.disabled', '=', false)
    .executeTakeFirst();
  return row ? toStaffUser(row) : undefined;
}

export async function deleteSession(trx: Tx, sessionId: string): Promise<void> {
  await trx.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function deleteExpiredSessions(db: Db, now: Date): Promise<number> {
  const r = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function teamSkills(db: Queryable, teamId: string): Promise<string[]> {
  const row = await db.selectFrom('teams').select('skills').where('id', '=', teamId).executeTakeFirst();
  return row?.skills ?? [];
}

/** A staff account of the tenant the transaction is bound to (withTenant). */
export async function insertUser(
  trx: Tx,
  tenantId: string,
  u: { email: string; displayName: string; role: Role; teamId: string | null; passwordHash: string },
): Promise<StaffUser> {
  const row = await trx
    .insertInto('users')
    .values({
      tenant_id: tenantId,
      email: u.email,
      display_name: u.displayName,
      role: u.role,
      team_id: u.teamId,
      password_hash: u.passwordHash,
    })
    .returning(['id', 'tenant_id', 'email', 'display_name', 'role', 'team_id'])
    .executeTakeFirstOrThrow();
  return toStaffUser(row);
}

/**
 * An account of the transaction's tenant (withTenant): row-level security hides other Kassen's. With
 * `lock` the row stays locked until the transaction ends, so a decision taken on it still holds.
 */
export async function findUserById(trx: Tx, id: string, lock = false): Promise<UserWithHash | undefined> {
  let q = trx
    .selectFrom('users')
    .select(['id', 'tenant_id', 'email', 'display_name', 'role', 'team_id', 'password_hash', 'disabled'])
    .where('id', '=', id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row ? { ...toStaffUser(row), passwordHash: row.password_hash, disabled: row.disabled } : undefined;
}

export interface AccountListing extends StaffUser {
  teamName: string | null;
  disabled: boolean;
  createdAt: Date;
}

/** Every account of the transaction's tenant (or the one with `id`), enabled ones first, then by name. */
export async function listUsers(trx: Tx, id?: string): Promise<AccountListing[]> {
  let q = trx
    .selectFrom('users as u')
    .leftJoin('teams as t', 't.id', 'u.team_id')
    .select([
      'u.id',
      'u.tenant_id',
      'u.email',
      'u.display_name',
      'u.role',
      'u.team_id',
      'u.disabled',
      'u.created_at',
      't.name as team_name',
    ])
    .orderBy('u.disabled')
    .orderBy('u.display_name')
    .orderBy('u.id');
  if (id !== undefined) q = q.where('u.id', '=', id);
  const rows = await q.execute();
  return rows.map((r) => ({
    ...toStaffUser(r),
    teamName: r.team_name,
    disabled: r.disabled,
    createdAt: r.created_at,
  }));
}

/**
 * Serialises changes that could take a Kasse's last administration account away (demote, block), so two
 * administrators demoting each other at the same moment cannot both succeed. Held until the transaction ends.
 */
export async function lockAdministrators(trx: Tx, tenantId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`administrators:${tenantId}`}, 0))`.execute(trx);
}

/** Enabled administration accounts of the transaction's tenant other than `exceptId`. */
export async function countOtherAdministrators(trx: Tx, exceptId: string): Promise<number> {
  const row = await trx
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'administration')
    .where('disabled', '=', false)
    .where('id', '<>', exceptId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Changes an account's team or role (of the transaction's tenant). */
export async function updateUser(
  trx: Tx,
  userId: string,
  change: { teamId?: string | null; role?: Role },
): Promise<void> {
  await trx
    .updateTable('users')
    .set({
      ...(change.teamId !== undefined && { team_id: change.teamId }),
      ...(change.role !== undefined && { role: change.role }),
    })
    .where('id', '=', userId)
    .execute();
}

/** Blocks or unblocks an account of the transaction's tenant; a blocked one also loses its sessions. */
export async function setUserDisabled(trx: Tx, userId: string, disabled: boolean): Promise<void> {
  await trx.updateTable('users').set({ disabled }).where('id', '=', userId).execute();
  if (disabled) await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/**
 * Sets a new password hash; every session of the account except `keepSession` ends, so a password that
 * leaked stops working everywhere at once. With `replacing`, only if the stored hash is still that one
 * (a reset in the meantime wins); returns whether the password was set.
 */
export async function setPasswordHash(
  trx: Tx,
  userId: string,
  passwordHash: string,
  options: { keepSession?: string; replacing?: string } = {},
): Promise<boolean> {
  let update = trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId);
  if (options.replacing !== undefined) update = update.where('password_hash', '=', options.replacing);
  const r = await update.executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return false;
  let q = trx.deleteFrom('sessions').where('user_id', '=', userId);
  if (options.keepSession !== undefined) q = q.where('id', '<>', options.keepSession);
  await q.execute();
  return true;
}
