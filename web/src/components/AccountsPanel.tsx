import { Fragment, useState } from 'react';
import { api, type AdminAccount, type AdminTeam, type ApiError, type Role } from '../api.js';
import type { Load } from '../hooks.js';
import { ROLE_LABEL, ROLES } from '../labels.js';
import { formatDate } from '../time.js';
import { AdminListPanel, RowButton, useChangeForm, useEditing, type RunChange } from './AdminParts.js';
import { FormField, InputField } from './FormField.js';
import { FormShell } from './FormShell.js';

type Editing =
  | { kind: 'new' }
  | { kind: 'edit'; account: AdminAccount }
  | { kind: 'block'; account: AdminAccount }
  | { kind: 'reset'; account: AdminAccount };

interface Props {
  load: Load<{ accounts: AdminAccount[] }>;
  teams: AdminTeam[];
  run: RunChange;
  /** Shows a start password once, after an account was created or its password reset. */
  onStartPassword: (account: AdminAccount, password: string) => void;
}

const ROLE_HINT: Record<Role, string> = {
  sachbearbeitung: 'bearbeitet Anliegen ihres Teams',
  teamleitung: 'sieht alle Anliegen, die Übersicht und den Import',
  administration: 'verwaltet Teams und Konten, sieht keine Anliegen',
};

function RoleAndTeamFields({
  role,
  teamId,
  teams,
  onRole,
  onTeam,
  error,
}: {
  role: Role;
  teamId: string;
  teams: AdminTeam[];
  onRole: (r: Role) => void;
  onTeam: (id: string) => void;
  error: ApiError | undefined;
}) {
  return (
    <div className="field-row">
      <FormField id="konto-rolle" label="Rolle" hint={ROLE_HINT[role]} error={error?.fieldMessage('role')}>
        {(describedBy) => (
          <select
            id="konto-rolle"
            value={role}
            onChange={(e) => onRole(e.target.value as Role)}
            aria-describedby={describedBy}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABEL[r]}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField
        id="konto-team"
        label="Team"
        hint="Ohne Team sieht die Sachbearbeitung die Anliegen aller Teams."
        error={error?.fieldMessage('team') ?? error?.fieldMessage('teamId')}
      >
        {(describedBy, invalid) => (
          <select
            id="konto-team"
            value={teamId}
            onChange={(e) => onTeam(e.target.value)}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
          >
            <option value="">kein Team</option>
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        )}
      </FormField>
    </div>
  );
}

function NewAccountForm({
  teams,
  run,
  onDone,
  onStartPassword,
}: Omit<Props, 'load'> & { onDone: () => void }) {
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('sachbearbeitung');
  const [teamId, setTeamId] = useState('');
  const { busy, error, submit: send } = useChangeForm(run, onDone);
  const [problems, setProblems] = useState<{ displayName?: string; email?: string }>({});

  async function submit() {
    const found = {
      ...(displayName.trim() === '' && { displayName: 'Bitte geben Sie den Namen ein.' }),
      ...(!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim()) && {
        email: 'Bitte geben Sie eine gültige E-Mail-Adresse ein.',
      }),
    };
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    await send(async () => {
      const r = await api.createAccount({
        displayName: displayName.trim(),
        email: email.trim(),
        role,
        teamId: teamId || null,
      });
      onStartPassword(r.account, r.startPassword);
      return `Konto für ${r.account.displayName} angelegt.`;
    });
  }

  return (
    <FormShell
      id="konto-neu"
      title="Neues Konto"
      submitLabel="Konto anlegen"
      busy={busy}
      error={error}
      onSubmit={() => void submit()}
      onCancel={onDone}
    >
      <div className="field-row">
        <InputField
          id="konto-name"
          label="Name"
          error={problems.displayName ?? error?.fieldMessage('displayName')}
          type="text"
          value={displayName}
          onChange={setDisplayName}
          autoComplete="off"
          maxLength={200}
        />
        <InputField
          id="konto-email"
          label="Dienstliche E-Mail-Adresse"
          hint="Damit meldet sich die Person an."
          error={problems.email ?? error?.fieldMessage('email')}
          type="email"
          value={email}
          onChange={setEmail}
          autoComplete="off"
          maxLength={254}
        />
      </div>
      <RoleAndTeamFields
        role={role}
        teamId={teamId}
        teams={teams}
        onRole={setRole}
        onTeam={setTeamId}
        error={error}
      />
      <p className="hint">
        vorrang erzeugt ein Startpasswort und zeigt es einmal an. Die Person ersetzt es nach der ersten
        Anmeldung unter „Passwort ändern“.
      </p>
    </FormShell>
  );
}

function EditAccountForm({
  account,
  teams,
  run,
  onDone,
}: {
  account: AdminAccount;
  teams: AdminTeam[];
  run: Props['run'];
  onDone: () => void;
}) {
  const [role, setRole] = useState<Role>(account.role);
  const [teamId, setTeamId] = useState(account.team?.id ?? '');
  const { busy, error, submit: send } = useChangeForm(run, onDone);

  async function submit() {
    // Only what was changed here, so another administrator's change to the other field stays.
    const change = {
      ...(role !== account.role && { role }),
      ...((teamId || null) !== (account.team?.id ?? null) && { teamId: teamId || null }),
    };
    if (Object.keys(change).length === 0) return onDone();
    await send(async () => {
      const changed = await api.changeAccount(account.id, change);
      return `Konto von ${changed.displayName} gespeichert: ${changed.roleLabel}, ${changed.team ? `Team „${changed.team.name}“` : 'kein Team'}.`;
    });
  }

  return (
    <FormShell
      id="konto-bearbeiten"
      title={`Konto von ${account.displayName} bearbeiten`}
      submitLabel="Speichern"
      busy={busy}
      error={error}
      onSubmit={() => void submit()}
      onCancel={onDone}
    >
      <RoleAndTeamFields
        role={role}
        teamId={teamId}
        teams={teams}
        onRole={setRole}
        onTeam={setTeamId}
        error={error}
      />
      <p className="hint">Die Änderung gilt sofort, auch in laufenden Sitzungen.</p>
    </FormShell>
  );
}

/** Blocking, unblocking and a new start password: a confirmation step each, since each ends sessions. */
function ConfirmForm({
  editing,
  run,
  onDone,
  onStartPassword,
}: {
  editing: { kind: 'block' | 'reset'; account: AdminAccount };
  run: Props['run'];
  onDone: () => void;
  onStartPassword: Props['onStartPassword'];
}) {
  const { account } = editing;
  const { busy, error, submit: send } = useChangeForm(run, onDone);
  const text =
    editing.kind === 'reset'
      ? {
          title: `Neues Startpasswort für ${account.displayName}`,
          submit: 'Neues Startpasswort erzeugen',
          body: 'Das bisherige Passwort gilt dann nicht mehr, und alle Sitzungen des Kontos enden sofort.',
        }
      : account.disabled
        ? {
            title: `Konto von ${account.displayName} entsperren`,
            submit: 'Entsperren',
            body: 'Die Person kann sich danach wieder mit ihrem bisherigen Passwort anmelden.',
          }
        : {
            title: `Konto von ${account.displayName} sperren`,
            submit: 'Sperren',
            body: 'Die Person kann sich nicht mehr anmelden; laufende Sitzungen enden sofort. Das Konto bleibt erhalten, damit das Protokoll weiter benennt, wer was getan hat.',
          };

  async function submit() {
    await send(async () => {
      if (editing.kind === 'reset') {
        const r = await api.resetPassword(account.id);
        onStartPassword(r.account, r.startPassword);
        return `Neues Startpasswort für ${r.account.displayName} erzeugt.`;
      }
      const changed = await api.changeAccount(account.id, { disabled: !account.disabled });
      return `Konto von ${changed.displayName} ${changed.disabled ? 'gesperrt' : 'entsperrt'}.`;
    });
  }

  return (
    <FormShell
      id="konto-bestaetigen"
      title={text.title}
      submitLabel={text.submit}
      busy={busy}
      error={error}
      onSubmit={() => void submit()}
      onCancel={onDone}
    >
      <p>{text.body}</p>
    </FormShell>
  );
}

/** The staff accounts of the Kasse, with role, team and whether they can log in. */
export function AccountsPanel({ load, teams, run, onStartPassword }: Props) {
  const [editing, setEditing, close] = useEditing<Editing>();
  const accounts = load.data?.accounts;
  const form = (a: AdminAccount) =>
    editing && editing.kind !== 'new' && editing.account.id === a.id ? editing : null;

  return (
    <AdminListPanel
      id="konten"
      title="Konten"
      addLabel="Konto anlegen"
      onAdd={() => setEditing({ kind: 'new' })}
      load={load}
      what="Konten"
      form={
        editing?.kind === 'new' ? (
          <NewAccountForm teams={teams} run={run} onDone={close} onStartPassword={onStartPassword} />
        ) : null
      }
    >
      {accounts ? (
        <div className="table-wrap">
          <table className="data compact" data-testid="konten">
            <caption className="visually-hidden">Konten mit Rolle, Team und Status, aktive zuerst</caption>
            <thead>
              <tr>
                <th scope="col">Name und E-Mail-Adresse</th>
                <th scope="col">Rolle</th>
                <th scope="col">Team</th>
                <th scope="col">Status</th>
                <th scope="col">Angelegt</th>
                <th scope="col">
                  <span className="visually-hidden">Aktionen</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => {
                const open = form(a);
                return (
                  <Fragment key={a.id}>
                    <tr className={a.disabled ? 'row-disabled' : undefined}>
                      <th scope="row">
                        {a.displayName}
                        {a.isMe ? <span className="tag tag-info">Sie</span> : null}
                        <span className="sub">{a.email}</span>
                      </th>
                      <td>{a.roleLabel}</td>
                      <td>{a.team?.name ?? <span className="muted">kein Team</span>}</td>
                      <td>
                        {a.disabled ? (
                          <span className="tag tag-warn">gesperrt</span>
                        ) : (
                          <span className="tag">aktiv</span>
                        )}
                      </td>
                      <td className="nowrap">{formatDate(a.createdAt)}</td>
                      <td className="nowrap cell-actions">
                        <RowButton
                          label="Bearbeiten"
                          name={`Konto von ${a.displayName} bearbeiten`}
                          onClick={() => setEditing({ kind: 'edit', account: a })}
                        />
                        {/* One's own password is changed under „Passwort ändern“; one's own account stays unblocked. */}
                        {a.isMe ? null : (
                          <>
                            <RowButton
                              label="Neues Passwort"
                              name={`Neues Passwort für ${a.displayName}`}
                              onClick={() => setEditing({ kind: 'reset', account: a })}
                            />
                            <RowButton
                              label={a.disabled ? 'Entsperren' : 'Sperren'}
                              name={`Konto von ${a.displayName} ${a.disabled ? 'entsperren' : 'sperren'}`}
                              onClick={() => setEditing({ kind: 'block', account: a })}
                            />
                          </>
                        )}
                      </td>
                    </tr>
                    {open ? (
                      <tr className="row-form">
                        <td colSpan={6}>
                          {open.kind === 'edit' ? (
                            <EditAccountForm account={a} teams={teams} run={run} onDone={close} />
                          ) : (
                            <ConfirmForm
                              editing={open}
                              run={run}
                              onDone={close}
                              onStartPassword={onStartPassword}
                            />
                          )}
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </AdminListPanel>
  );
}
