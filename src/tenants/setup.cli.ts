/**
 * `vorrang tenant`, `vorrang team` and `vorrang user`: set up and keep up a Kasse for production without
 * the demo data. Every change is audited with the operator's name as the actor.
 */
import { userInfo } from 'node:os';
import type { Actor } from '../audit/audit.repository.js';
import { ROLES, type Role } from '../auth/roles.js';
import { loadConfigForCommand } from '../config.js';
import { openDatabase, withTenant, type Db } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { AppError } from '../errors.js';
import { parseOptions, UsageError } from '../shared/cli.js';
import { MIN_PASSWORD_LENGTH } from '../auth/passwords.js';
import { BUNDESLAENDER, TOPIC_SLUGS, type Bundesland, type TopicSlug } from '../shared/taxonomy.js';
import {
  changeTeam,
  changeUser,
  createTeam,
  createTenant,
  createUser,
  generatePassword,
  removeTeam,
  resetPassword,
  setAccountBlocked,
} from './setup.service.js';
import { findTenantBySlug, listTeamsWithCounts, listTenants, type Tenant } from './tenants.repository.js';

const USAGE = `vorrang tenant add --slug SLUG --name NAME [--land NW]
vorrang tenant list
vorrang team add --tenant SLUG --name NAME [--skills topic,topic,…]
vorrang team list --tenant SLUG
vorrang team update --tenant SLUG --name NAME [--rename NEW] [--skills topic,topic,…]
vorrang team remove --tenant SLUG --name NAME [--move-to NAME]
vorrang user add --tenant SLUG --email ADDRESS --name NAME --role ROLE [--team NAME] [--password-stdin]
vorrang user update --email ADDRESS [--team NAME | --no-team] [--role ROLE]
vorrang user disable|enable --email ADDRESS
vorrang user reset-password --email ADDRESS

Sets up a Kasse without the demo data: the Kasse (its Bundesland decides the public holidays of the legal
clocks; default VORRANG_DEFAULT_LAND), teams with the topics routed to them (skills; a concern whose topic
no team has is open to every case worker), and staff accounts. Roles: ${ROLES.join(', ')}.
Without --password-stdin a random password is made and printed once; with it the first line of standard
input is the password (at least ${MIN_PASSWORD_LENGTH} characters). A disabled account cannot log in and
its sessions end at once; it stays, so the audit trail keeps naming who did what. The last enabled
administration account of a Kasse can be neither disabled nor given another role: add another first.
reset-password makes a new random start password, prints it once and ends the account's sessions (the
way back in for an administration that lost its password).
New skills route concerns as they come in; concerns already routed stay with their team. A team with
enabled accounts cannot be removed; its concerns go to --move-to, or to no team (open to everyone).
Each change is written with an audit event naming the operator.
`;

type Values = Record<string, string | boolean | undefined>;

function required(values: Values, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} is required`);
  return v;
}

async function tenantOf(db: Db, slug: string): Promise<Tenant> {
  const tenant = await findTenantBySlug(db, slug);
  if (!tenant) throw new UsageError(`unknown Kasse "${slug}" (see vorrang tenant list)`);
  return tenant;
}

async function firstLine(stream: AsyncIterable<string | Uint8Array>): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

async function execute(kind: string, args: string[], out: NodeJS.WritableStream): Promise<number> {
  const [verb, ...rest] = args;
  if (verb === undefined || verb === '--help' || verb === '-h') {
    out.write(USAGE);
    return verb === undefined ? 2 : 0;
  }
  const key = `${kind} ${verb}`;
  const specs: Record<string, Record<string, { type: 'string' | 'boolean' }>> = {
    'tenant add': { slug: { type: 'string' }, name: { type: 'string' }, land: { type: 'string' } },
    'tenant list': {},
    'team add': { tenant: { type: 'string' }, name: { type: 'string' }, skills: { type: 'string' } },
    'team list': { tenant: { type: 'string' } },
    'team update': {
      tenant: { type: 'string' },
      name: { type: 'string' },
      rename: { type: 'string' },
      skills: { type: 'string' },
    },
    'team remove': { tenant: { type: 'string' }, name: { type: 'string' }, 'move-to': { type: 'string' } },
    'user add': {
      tenant: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      team: { type: 'string' },
      'password-stdin': { type: 'boolean' },
    },
    'user update': {
      email: { type: 'string' },
      team: { type: 'string' },
      'no-team': { type: 'boolean' },
      role: { type: 'string' },
    },
    'user disable': { email: { type: 'string' } },
    'user enable': { email: { type: 'string' } },
    'user reset-password': { email: { type: 'string' } },
  };
  const spec = specs[key];
  if (!spec) throw new UsageError(`unknown subcommand "${key}"`);
  const values: Values = parseOptions(rest, { ...spec, help: { type: 'boolean', short: 'h' } });
  if (values['help']) {
    out.write(USAGE);
    return 0;
  }

  // Checks that need no database come first, so a typo is reported before anything is opened.
  let land: Bundesland | undefined;
  if (key === 'tenant add' && typeof values['land'] === 'string') {
    const l = values['land'].toUpperCase();
    if (!(BUNDESLAENDER as readonly string[]).includes(l)) {
      throw new UsageError(`--land must be one of ${BUNDESLAENDER.join(', ')} (got "${values['land']}")`);
    }
    land = l as Bundesland;
  }
  let skills: TopicSlug[] | undefined;
  if (typeof values['skills'] === 'string') {
    const list = values['skills']
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = list.filter((s) => !(TOPIC_SLUGS as readonly string[]).includes(s));
    if (unknown.length) throw new UsageError(`unknown topics in --skills: ${unknown.join(', ')}`);
    skills = list as TopicSlug[];
  }
  let role: Role | undefined;
  if (key === 'user add' || typeof values['role'] === 'string') {
    const r = required(values, 'role');
    if (!(ROLES as readonly string[]).includes(r)) {
      throw new UsageError(`--role must be one of ${ROLES.join(', ')} (got "${r}")`);
    }
    role = r as Role;
  }
  if (key === 'team update' && values['rename'] === undefined && skills === undefined) {
    throw new UsageError('nothing to change: give --rename or --skills');
  }
  if (key === 'user update') {
    if (values['no-team'] && values['team'] !== undefined)
      throw new UsageError('--team and --no-team exclude each other');
    if (values['team'] === undefined && !values['no-team'] && role === undefined) {
      throw new UsageError('nothing to change: give --team, --no-team or --role');
    }
  }

  const config = loadConfigForCommand();
  if (!config) return 2;
  const handle = await openDatabase(config.database);
  const actor: Actor = { userId: null, label: `Betrieb (${userInfo().username}, vorrang ${kind} ${verb})` };
  try {
    await migrateToLatest(handle.db);
    const db = handle.db;
    if (key === 'tenant list') {
      for (const t of await listTenants(db)) out.write(`${JSON.stringify(t)}\n`);
      return 0;
    }
    if (key === 'tenant add') {
      const tenant = await createTenant(
        db,
        { slug: required(values, 'slug'), name: required(values, 'name'), land: land ?? config.defaultLand },
        actor,
      );
      out.write(`${JSON.stringify(tenant)}\n`);
      process.stderr.write(
        `Kasse „${tenant.name}“ angelegt: öffentliches Formular unter /k/${tenant.slug}/anliegen\n`,
      );
      return 0;
    }
    if (key === 'user update') {
      const team = values['no-team']
        ? null
        : typeof values['team'] === 'string'
          ? { name: values['team'] }
          : undefined;
      const user = await changeUser(db, { email: required(values, 'email') }, { team, role }, actor);
      out.write(`${JSON.stringify(user)}\n`);
      return 0;
    }
    if (key === 'user reset-password') {
      const { user, password } = await resetPassword(db, { email: required(values, 'email') }, actor);
      out.write(`${JSON.stringify(user)}\n`);
      process.stderr.write(
        `Neues Startpasswort für ${user.email} (wird nur jetzt angezeigt, bitte sicher weitergeben): ${password}\n`,
      );
      return 0;
    }
    if (key === 'user disable' || key === 'user enable') {
      const blocked = key === 'user disable';
      const user = await setAccountBlocked(db, { email: required(values, 'email') }, blocked, actor);
      out.write(`${JSON.stringify({ ...user, disabled: blocked })}\n`);
      const state = blocked ? 'gesperrt' : 'entsperrt';
      process.stderr.write(
        user.changed ? `Konto ${user.email} ${state}.\n` : `Konto ${user.email} war schon ${state}.\n`,
      );
      return 0;
    }
    const tenant = await tenantOf(db, required(values, 'tenant'));
    if (key === 'team add') {
      const team = await createTeam(
        db,
        tenant,
        { name: required(values, 'name'), skills: skills ?? [] },
        actor,
      );
      out.write(`${JSON.stringify(team)}\n`);
      return 0;
    }
    if (key === 'team list') {
      for (const team of await withTenant(db, tenant.id, listTeamsWithCounts))
        out.write(`${JSON.stringify(team)}\n`);
      return 0;
    }
    if (key === 'team update') {
      const rename = typeof values['rename'] === 'string' ? values['rename'] : undefined;
      const team = await changeTeam(
        db,
        tenant,
        { name: required(values, 'name') },
        { rename, skills },
        actor,
      );
      out.write(`${JSON.stringify(team)}\n`);
      return 0;
    }
    if (key === 'team remove') {
      const moveTo = typeof values['move-to'] === 'string' ? { name: values['move-to'] } : null;
      const r = await removeTeam(db, tenant, { name: required(values, 'name') }, moveTo, actor);
      out.write(`${JSON.stringify(r)}\n`);
      process.stderr.write(
        `Team „${r.team.name}“ entfernt; ${r.openConcerns} offene und ${r.closedConcerns} abgeschlossene Anliegen ` +
          (r.movedTo ? `gehören jetzt zum Team „${r.movedTo.name}“.\n` : 'gehören zu keinem Team mehr.\n'),
      );
      return 0;
    }
    const generated = !values['password-stdin'];
    const password = generated ? generatePassword() : await firstLine(process.stdin);
    const user = await createUser(
      db,
      tenant,
      {
        email: required(values, 'email'),
        displayName: required(values, 'name'),
        role: role!,
        team: typeof values['team'] === 'string' ? { name: values['team'] } : null,
        password,
      },
      actor,
    );
    out.write(`${JSON.stringify(user)}\n`);
    if (generated) {
      process.stderr.write(
        `Passwort für ${user.email} (wird nur jetzt angezeigt, bitte sicher weitergeben): ${password}\n`,
      );
    }
    return 0;
  } finally {
    await handle.close();
  }
}

/** Entry for `vorrang tenant|team|user`; `kind` is the command name. */
export async function runSetup(kind: string, args: string[]): Promise<number> {
  try {
    return await execute(kind, args, process.stdout);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`vorrang ${kind}: ${err.message}\n`);
      return 2;
    }
    if (err instanceof AppError) {
      process.stderr.write(`vorrang ${kind}: ${err.userMessage}\n`);
      return 1;
    }
    throw err;
  }
}
