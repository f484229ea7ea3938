/**
 * Setting up a Kasse for production: the Kasse itself, its teams with their skills, and staff accounts.
 * Each change is written with its audit event in one transaction. Used by `vorrang tenant|team|user`.
 */
import { sql } from 'kysely';
import { recordEvent, type Actor } from '../audit/audit.repository.js';
import {
  findUserByEmail,
  insertUser,
  setUserDisabled,
  updateUser,
  type StaffUser,
} from '../auth/auth.repository.js';
import { hashPassword } from '../auth/passwords.js';
import type { Role } from '../auth/roles.js';
import { APP_ROLE, withTenant, type Db, type Tx } from '../db/database.js';
import { AppError } from '../errors.js';
import type { Bundesland, TopicSlug } from '../shared/taxonomy.js';
import {
  deleteTeam,
  findTeamByName,
  findTenantBySlug,
  insertTeam,
  insertTenant,
  teamMembership,
  updateTeam,
  type Team,
  type Tenant,
} from './tenants.repository.js';

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;
export const MIN_PASSWORD_LENGTH = 12;

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', { message, userMessage: message, fields: [{ field, message }] });
}

export async function createTenant(
  db: Db,
  input: { slug: string; name: string; land: Bundesland },
  actor: Actor,
): Promise<Tenant> {
  if (!SLUG_PATTERN.test(input.slug)) {
    throw invalid(
      'slug',
      `Das Kürzel „${input.slug}“ ist nicht gültig: 2 bis 63 Zeichen, Kleinbuchstaben, Ziffern und Bindestriche, beginnend mit Buchstabe oder Ziffer.`,
    );
  }
  if (input.name.trim() === '') throw invalid('name', 'Der Name der Kasse fehlt.');
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
  const name = input.name.trim();
  if (name === '') throw invalid('name', 'Der Name des Teams fehlt.');
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

async function existingTeam(trx: Tx, tenant: Tenant, name: string): Promise<Team> {
  const team = await findTeamByName(trx, name);
  if (!team) {
    throw new AppError('NOT_FOUND', {
      message: `no team ${name}`,
      userMessage: `Das Team „${name}“ gibt es in der Kasse ${tenant.slug} nicht.`,
    });
  }
  return team;
}

/**
 * Renames a team or replaces its skills. Skills route concerns as they come in; concerns already routed
 * stay with the team.
 */
export async function changeTeam(
  db: Db,
  tenant: Tenant,
  name: string,
  change: { rename?: string; skills?: TopicSlug[] },
  actor: Actor,
): Promise<Team> {
  const newName = change.rename?.trim();
  if (newName === '') throw invalid('rename', 'Der neue Name des Teams fehlt.');
  return withTenant(db, tenant.id, async (trx) => {
    const team = await existingTeam(trx, tenant, name);
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
  name: string,
  moveTo: string | null,
  actor: Actor,
): Promise<{ team: Team; movedTo: Team | null; openConcerns: number; closedConcerns: number }> {
  return withTenant(db, tenant.id, async (trx) => {
    const team = await existingTeam(trx, tenant, name);
    const target = moveTo === null ? null : await existingTeam(trx, tenant, moveTo);
    if (target?.id === team.id) throw invalid('move-to', 'Ein Team kann nicht an sich selbst abgeben.');
    const members = await teamMembership(trx, team.id);
    if (members.accounts > 0) {
      throw new AppError('CONFLICT', {
        message: `team ${name} has ${members.accounts} accounts`,
        userMessage:
          `Zum Team „${team.name}“ gehören noch ` +
          (members.accounts === 1 ? '1 aktives Konto' : `${members.accounts} aktive Konten`) +
          '. Bitte erst einem anderen Team zuordnen (vorrang user update --team) oder sperren (vorrang user disable).',
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
  input: { email: string; displayName: string; role: Role; team: string | null; password: string },
  actor: Actor,
): Promise<StaffUser> {
  const email = input.email.trim();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    throw invalid('email', `„${email}“ ist keine gültige E-Mail-Adresse.`);
  }
  if (input.displayName.trim() === '') throw invalid('name', 'Der Name fehlt.');
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw invalid('password', `Das Passwort muss mindestens ${MIN_PASSWORD_LENGTH} Zeichen haben.`);
  }
  if (await findUserByEmail(db, email)) {
    throw new AppError('CONFLICT', {
      message: `user ${email} exists`,
      userMessage: `Ein Konto mit der Adresse ${email} gibt es schon (Adressen gelten über alle Kassen).`,
    });
  }
  const passwordHash = await hashPassword(input.password);
  return withTenant(db, tenant.id, async (trx) => {
    let teamId: string | null = null;
    if (input.team !== null) {
      const team = await findTeamByName(trx, input.team);
      if (!team) throw invalid('team', `Das Team „${input.team}“ gibt es in der Kasse ${tenant.slug} nicht.`);
      teamId = team.id;
    }
    const user = await insertUser(trx, tenant.id, {
      email,
      displayName: input.displayName.trim(),
      role: input.role,
      teamId,
      passwordHash,
    });
    await recordEvent(trx, {
      tenantId: tenant.id,
      actor,
      action: 'user.created',
      subjectType: 'user',
      subjectId: user.id,
      after: { email: user.email, displayName: user.displayName, role: user.role, team: input.team },
    });
    return user;
  });
}

async function accountOf(db: Db, email: string) {
  const user = await findUserByEmail(db, email.trim());
  if (!user) {
    throw new AppError('NOT_FOUND', {
      message: `no user ${email}`,
      userMessage: `Ein Konto mit der Adresse ${email.trim()} gibt es nicht.`,
    });
  }
  return user;
}

/** Moves an account to another team (null: none) or gives it another role; both take effect at once. */
export async function changeUser(
  db: Db,
  email: string,
  change: { team?: string | null; role?: Role },
  actor: Actor,
): Promise<StaffUser> {
  const user = await accountOf(db, email);
  const { passwordHash: _hash, disabled: _disabled, ...staff } = user;
  return withTenant(db, user.tenantId, async (trx) => {
    let teamId = staff.teamId;
    if (change.team !== undefined) {
      teamId = null;
      if (change.team !== null) {
        const team = await findTeamByName(trx, change.team);
        if (!team)
          throw invalid('team', `Das Team „${change.team}“ gibt es in der Kasse dieses Kontos nicht.`);
        teamId = team.id;
      }
    }
    const role = change.role ?? staff.role;
    await updateUser(trx, user.id, { teamId, role });
    await recordEvent(trx, {
      tenantId: user.tenantId,
      actor,
      action: 'user.updated',
      subjectType: 'user',
      subjectId: user.id,
      before: { teamId: staff.teamId, role: staff.role },
      after: { teamId, role },
    });
    return { ...staff, teamId, role };
  });
}

/**
 * Blocks an account (`disabled`) or unblocks it; blocking ends its sessions at once. The account stays,
 * so the audit trail keeps naming who did what.
 */
export async function setAccountBlocked(
  db: Db,
  email: string,
  blocked: boolean,
  actor: Actor,
): Promise<StaffUser & { changed: boolean }> {
  const user = await accountOf(db, email);
  const { passwordHash: _hash, disabled, ...staff } = user;
  if (disabled === blocked) return { ...staff, changed: false };
  await withTenant(db, user.tenantId, async (trx) => {
    await setUserDisabled(trx, user.id, blocked);
    await recordEvent(trx, {
      tenantId: user.tenantId,
      actor,
      action: blocked ? 'user.disabled' : 'user.enabled',
      subjectType: 'user',
      subjectId: user.id,
      before: { disabled },
      after: { disabled: blocked },
    });
  });
  return { ...staff, changed: true };
}
