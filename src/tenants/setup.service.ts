/**
 * Setting up a Kasse for production: the Kasse itself, its teams with their skills, and staff accounts.
 * Each change is written with its audit event in one transaction. Used by `vorrang tenant|team|user`.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { recordEvent, type Actor } from '../audit/audit.repository.js';
import {
  countOtherAdministrators,
  findUserByEmail,
  findUserById,
  insertUser,
  lockAdministrators,
  setPasswordHash,
  setUserDisabled,
  updateUser,
  type UserWithHash,
  type StaffUser,
} from '../auth/auth.repository.js';
import { hashPassword, passwordProblem } from '../auth/passwords.js';
import type { Role } from '../auth/roles.js';
import { APP_ROLE, withTenant, type Db, type Tx } from '../db/database.js';
import { AppError, invalidField } from '../errors.js';
import type { Bundesland, TopicSlug } from '../shared/taxonomy.js';
import {
  deleteTeam,
  findTeamById,
  findTeamByName,
  type TeamLock,
  findTenantBySlug,
  insertTeam,
  insertTenant,
  teamMembership,
  updateTeam,
  type Team,
  type Tenant,
} from './tenants.repository.js';

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

export async function createTenant(
  db: Db,
  input: { slug: string; name: string; land: Bundesland },
  actor: Actor,
): Promise<Tenant> {
  if (!SLUG_PATTERN.test(input.slug)) {
    throw invalidField(
      'slug',
      `Das Kürzel „${input.slug}“ ist nicht gültig: 2 bis 63 Zeichen, Kleinbuchstaben, Ziffern und Bindestriche, beginnend mit Buchstabe oder Ziffer.`,
    );
  }
  if (input.name.trim() === '') throw invalidField('name', 'Der Name der Kasse fehlt.');
  if (await findTenantBySlug(db, input.slug)) {
    throw new AppError('CONFLICT', {
      message: `tenant ${input.slug} exists`,
      userMessage: `Eine Kasse mit dem Kürzel „${input.slug}“ gibt es schon.`,
    });
  }
  return db.transaction().execute(async (trx) => {
    const tenant = await insertTenant(trx, { ...input, name: input.name.trim() });
    await sql`select set_config('role', ${APP_ROLE}, true), set_config('vorrang.tenant_id', ${tenant.id}, true)`.execute(
      trx,
    );
    await recordEvent(trx, {
      tenantId: tenant.id,
      actor,
      action: 'tenant.created',
      subjectType: 'tenant',
      subjectId: tenant.id,
      after: { slug: tenant.slug, name: tenant.name, land: tenant.land },
    });
    return tenant;
  });
}

export async function createTeam(
  db: Db,
  tenant: Tenant,
  input: { name: string; skills: TopicSlug[] },
  actor: Actor,
): Promise<Team> {
  const name = teamName(input.name, 'name');
  return withTenant(db, tenant.id, async (trx) => {
    if (await findTeamByName(trx, name)) {
      throw new AppError('CONFLICT', {
        message: `team ${name} exists`,
        userMessage: `Das Team „${name}“ gibt es in dieser Kasse schon.`,
      });
    }
    const team = await insertTeam(trx, tenant.id, { name, skills: [...new Set(input.skills)] });
    await recordEvent(trx, {
      tenantId: tenant.id,
      actor,
      action: 'team.created',
      subjectType: 'team',
      subjectId: team.id,
      after: { name: team.name, skills: team.skills },
    });
    return team;
  });
}

/** A team named as on the command line, or by id as in the API. */
export type TeamRef = { name: string } | { id: string };

/**
 * The team, or NOT_FOUND; with `field` the team was an input of another change: VALIDATION_FAILED. `lock`
 * as in findTeamById.
 */
async function existingTeam(trx: Tx, ref: TeamRef, lock: TeamLock, field?: string): Promise<Team> {
  const team =
    'id' in ref ? await findTeamById(trx, ref.id, lock) : await findTeamByName(trx, ref.name, lock);
  if (!team) {
    const message =
      'id' in ref
        ? 'Dieses Team gibt es nicht (mehr). Bitte die Seite neu laden.'
        : `Das Team „${ref.name}“ gibt es in dieser Kasse nicht.`;
    if (field !== undefined) throw invalidField(field, message);
    throw new AppError('NOT_FOUND', { message: `no team ${JSON.stringify(ref)}`, userMessage: message });
  }
  return team;
}

export const MAX_TEAM_NAME = 100;

/** A team name as given, trimmed; refused when empty or longer than the staff app can show. */
function teamName(name: string, field: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw invalidField(field, 'Der Name des Teams fehlt.');
  if (trimmed.length > MAX_TEAM_NAME) {
    throw invalidField(field, `Der Name des Teams darf höchstens ${MAX_TEAM_NAME} Zeichen haben.`);
  }
  return trimmed;
}

/**
 * Renames a team or replaces its skills. Skills route concerns as they come in; concerns already routed
 * stay with the team.
 */
export async function changeTeam(
  db: Db,
  tenant: Tenant,
  ref: TeamRef,
  change: { rename?: string; skills?: TopicSlug[] },
  actor: Actor,
): Promise<Team> {
  const newName = change.rename === undefined ? undefined : teamName(change.rename, 'name');
  return withTenant(db, tenant.id, async (trx) => {
    const team = await existingTeam(trx, ref, 'update');
    if (newName !== undefined && newName !== team.name && (await findTeamByName(trx, newName))) {
      throw new AppError('CONFLICT', {
        message: `team ${newName} exists`,
        userMessage: `Das Team „${newName}“ gibt es in dieser Kasse schon.`,
      });
    }
    const updated = await updateTeam(trx, team.id, {
      name: newName ?? team.name,
      skills: change.skills ? [...new Set(change.skills)] : team.skills,
    });
    await recordEvent(trx, {
      tenantId: tenant.id,
      actor,
      action: 'team.updated',
      subjectType: 'team',
      subjectId: team.id,
      before: { name: team.name, skills: team.skills },
      after: { name: updated.name, skills: updated.skills },
    });
    return updated;
  });
}

/**
 * Removes a team. Refused while accounts belong to it (move or disable them first, so nobody loses their
 * worklist unnoticed). Its concerns go to `moveTo`, or to no team: then every case worker sees the open
 * ones. The audit event records how many concerns moved.
 */
export async function removeTeam(
  db: Db,
  tenant: Tenant,
  ref: TeamRef,
  moveTo: TeamRef | null,
  actor: Actor,
): Promise<{ team: Team; movedTo: Team | null; openConcerns: number; closedConcerns: number }> {
  return withTenant(db, tenant.id, async (trx) => {
    // Locked first, so no account joins it between the count below and the removal.
    const team = await existingTeam(trx, ref, 'update');
    const target = moveTo === null ? null : await existingTeam(trx, moveTo, 'keyShare', 'moveTo');
    if (target?.id === team.id) throw invalidField('moveTo', 'Ein Team kann nicht an sich selbst abgeben.');
    const members = await teamMembership(trx, team.id);
    if (members.accounts > 0) {
      throw new AppError('CONFLICT', {
        message: `team ${team.name} has ${members.accounts} accounts`,
        userMessage:
          `Zum Team „${team.name}“ ` +
          (members.accounts === 1
            ? 'gehört noch 1 aktives Konto'
            : `gehören noch ${members.accounts} aktive Konten`) +
          '. Bitte die Konten erst einem anderen Team zuordnen oder sperren.',
      });
    }
    await deleteTeam(trx, team.id, target?.id ?? null);
    await recordEvent(trx, {
      tenantId: tenant.id,
      actor,
      action: 'team.removed',
      subjectType: 'team',
      subjectId: team.id,
      before: { name: team.name, skills: team.skills },
      after: {
        concernsMovedTo: target?.name ?? null,
        openConcerns: members.openConcerns,
        closedConcerns: members.closedConcerns,
      },
    });
    return {
      team,
      movedTo: target,
      openConcerns: members.openConcerns,
      closedConcerns: members.closedConcerns,
    };
  });
}

export async function createUser(
  db: Db,
  tenant: Tenant,
  input: { email: string; displayName: string; role: Role; team: TeamRef | null; password: string },
  actor: Actor,
): Promise<StaffUser> {
  const email = input.email.trim();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    throw invalidField('email', `„${email}“ ist keine gültige E-Mail-Adresse.`);
  }
  if (input.displayName.trim() === '') throw invalidField('displayName', 'Der Name fehlt.');
  const problem = passwordProblem(input.password);
  if (problem !== null) throw invalidField('password', problem);
  if (await findUserByEmail(db, email)) {
    throw new AppError('CONFLICT', {
      message: `user ${email} exists`,
      userMessage: `Ein Konto mit der Adresse ${email} gibt es schon (Adressen gelten über alle Kassen).`,
    });
  }
  const passwordHash = await hashPassword(input.password);
  return withTenant(db, tenant.id, async (trx) => {
    const team = input.team === null ? null : await existingTeam(trx, input.team, 'keyShare', 'team');
    const user = await insertUser(trx, tenant.id, {
      email,
      displayName: input.displayName.trim(),
      role: input.role,
      teamId: team?.id ?? null,
      passwordHash,
    });
    await recordEvent(trx, {
      tenantId: tenant.id,
      actor,
      action: 'user.created',
      subjectType: 'user',
      subjectId: user.id,
      after: { email: user.email, displayName: user.displayName, role: user.role, team: team?.name ?? null },
    });
    return user;
  });
}

/** An account named by its address (command line, any Kasse) or by id within a Kasse (API). */
export type AccountRef = { email: string } | { tenantId: string; id: string };

function noAccount(ref: AccountRef): AppError {
  return new AppError('NOT_FOUND', {
    message: `no user ${JSON.stringify(ref)}`,
    userMessage:
      'email' in ref
        ? `Ein Konto mit der Adresse ${ref.email.trim()} gibt es nicht.`
        : 'Dieses Konto gibt es nicht. Bitte die Seite neu laden.',
  });
}

/**
 * Runs an account change in one transaction on the account as it is now: the Kasse's administration lock
 * taken first (see lockAdministrators), then the row read and locked, so the checks decide on current
 * data. An address is resolved to its Kasse before (row-level security needs the Kasse).
 */
async function onLockedAccount<T>(
  db: Db,
  ref: AccountRef,
  fn: (trx: Tx, user: UserWithHash) => Promise<T>,
): Promise<T> {
  const target = 'email' in ref ? await findUserByEmail(db, ref.email.trim()) : ref;
  if (!target) throw noAccount(ref);
  return withTenant(db, target.tenantId, async (trx) => {
    await lockAdministrators(trx, target.tenantId);
    const user = await findUserById(trx, target.id, true);
    if (!user) throw noAccount(ref);
    return fn(trx, user);
  });
}

/** Refuses a change that would leave the Kasse without an enabled administration account. */
async function keepOneAdministrator(trx: Tx, user: UserWithHash): Promise<void> {
  if (user.role !== 'administration' || user.disabled) return;
  if ((await countOtherAdministrators(trx, user.id)) === 0) {
    throw new AppError('CONFLICT', {
      message: `last administrator ${user.id}`,
      userMessage:
        'Das ist das letzte aktive Konto der Administration dieser Kasse. Bitte zuerst ein weiteres anlegen, sonst kann niemand mehr Konten verwalten.',
    });
  }
}

function publicPart(user: UserWithHash): StaffUser {
  const { passwordHash: _hash, disabled: _disabled, ...staff } = user;
  return staff;
}

/**
 * Moves an account to another team (null: none) or gives it another role; both take effect at once, and
 * only what is given changes. The last enabled administration account keeps its role.
 */
export async function changeUser(
  db: Db,
  ref: AccountRef,
  change: { team?: TeamRef | null; role?: Role },
  actor: Actor,
): Promise<StaffUser> {
  return onLockedAccount(db, ref, async (trx, user) => {
    const teamId =
      change.team === undefined
        ? user.teamId
        : change.team === null
          ? null
          : (await existingTeam(trx, change.team, 'keyShare', 'team')).id;
    const role = change.role ?? user.role;
    if (role !== 'administration') await keepOneAdministrator(trx, user);
    await updateUser(trx, user.id, {
      ...(change.team !== undefined && { teamId }),
      ...(change.role !== undefined && { role }),
    });
    await recordEvent(trx, {
      tenantId: user.tenantId,
      actor,
      action: 'user.updated',
      subjectType: 'user',
      subjectId: user.id,
      before: { teamId: user.teamId, role: user.role },
      after: { teamId, role },
    });
    return { ...publicPart(user), teamId, role };
  });
}

/**
 * Blocks an account (`disabled`) or unblocks it; blocking ends its sessions at once. The account stays,
 * so the audit trail keeps naming who did what. Nobody blocks their own account, and the last enabled
 * administration account stays enabled.
 */
export async function setAccountBlocked(
  db: Db,
  ref: AccountRef,
  blocked: boolean,
  actor: Actor,
): Promise<StaffUser & { changed: boolean }> {
  return onLockedAccount(db, ref, async (trx, user) => {
    if (user.disabled === blocked) return { ...publicPart(user), changed: false };
    if (blocked && actor.userId === user.id) {
      throw new AppError('CONFLICT', {
        message: 'self-block',
        userMessage: 'Das eigene Konto können Sie nicht sperren.',
      });
    }
    if (blocked) await keepOneAdministrator(trx, user);
    await setUserDisabled(trx, user.id, blocked);
    await recordEvent(trx, {
      tenantId: user.tenantId,
      actor,
      action: blocked ? 'user.disabled' : 'user.enabled',
      subjectType: 'user',
      subjectId: user.id,
      before: { disabled: user.disabled },
      after: { disabled: blocked },
    });
    return { ...publicPart(user), changed: true };
  });
}

/** A random start password: 18 bytes, 24 characters. Shown once, then only its hash exists. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * Gives an account a new generated start password (a forgotten one, a suspected leak) and ends its
 * sessions. Returns the password once; the audit event records that it happened, never the password.
 */
export async function resetPassword(
  db: Db,
  ref: AccountRef,
  actor: Actor,
): Promise<{ user: StaffUser; password: string }> {
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  return onLockedAccount(db, ref, async (trx, user) => {
    // The reset ends every session, the asking one too: one's own password is changed with the old one.
    if (actor.userId === user.id) {
      throw new AppError('CONFLICT', {
        message: 'self-reset',
        userMessage: 'Ihr eigenes Passwort ändern Sie unter „Passwort ändern“, mit dem bisherigen.',
      });
    }
    await setPasswordHash(trx, user.id, passwordHash);
    await recordEvent(trx, {
      tenantId: user.tenantId,
      actor,
      action: 'user.password_reset',
      subjectType: 'user',
      subjectId: user.id,
    });
    return { user: publicPart(user), password };
  });
}
