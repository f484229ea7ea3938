import { Fragment, useState } from 'react';
import { api, type AdminTeam, type Taxonomy } from '../api.js';
import type { Load } from '../hooks.js';
import { AdminListPanel, RowButton, useChangeForm, useEditing, type RunChange } from './AdminParts.js';
import { FormField, InputField } from './FormField.js';
import { FormShell } from './FormShell.js';

type Editing = { kind: 'new' } | { kind: 'edit'; team: AdminTeam } | { kind: 'remove'; team: AdminTeam };

interface Props {
  load: Load<{ teams: AdminTeam[] }>;
  taxonomy: Taxonomy | undefined;
  run: RunChange;
}

function openConcerns(n: number): string {
  return n === 1 ? '1 offenes Anliegen' : `${n.toLocaleString('de-DE')} offene Anliegen`;
}

function TopicPicker({
  taxonomy,
  selected,
  onChange,
}: {
  taxonomy: Taxonomy | undefined;
  selected: string[];
  onChange: (skills: string[]) => void;
}) {
  if (!taxonomy) return <p className="loading">Themen werden geladen …</p>;
  return (
    <fieldset className="topic-picker" aria-describedby="team-themen-hinweis">
      <legend>Themen</legend>
      <p className="hint" id="team-themen-hinweis">
        Neue Anliegen zu diesen Themen gehen an das Team. Schon zugeordnete bleiben, wo sie sind.
      </p>
      <div className="topic-picker__grid">
        {taxonomy.topics.map((t) => (
          <label key={t.slug} className="check">
            <input
              type="checkbox"
              checked={selected.includes(t.slug)}
              onChange={(e) =>
                onChange(e.target.checked ? [...selected, t.slug] : selected.filter((s) => s !== t.slug))
              }
            />
            {t.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function TeamForm({
  editing,
  taxonomy,
  run,
  onDone,
}: {
  editing: { kind: 'new' } | { kind: 'edit'; team: AdminTeam };
  taxonomy: Taxonomy | undefined;
  run: Props['run'];
  onDone: () => void;
}) {
  const team = editing.kind === 'edit' ? editing.team : undefined;
  const [name, setName] = useState(team?.name ?? '');
  const [skills, setSkills] = useState<string[]>(team?.skills ?? []);
  const { busy, error, submit: send } = useChangeForm(run, onDone);
  const [nameProblem, setNameProblem] = useState<string>();

  async function submit() {
    if (name.trim() === '') {
      setNameProblem('Bitte geben Sie dem Team einen Namen.');
      return;
    }
    setNameProblem(undefined);
    const sameSkills =
      team !== undefined &&
      skills.length === team.skills.length &&
      skills.every((x) => team.skills.includes(x));
    const change = {
      ...(name.trim() !== team?.name && { name: name.trim() }),
      ...(!sameSkills && { skills }),
    };
    if (team && Object.keys(change).length === 0) return onDone();
    await send(async () => {
      if (team) {
        const changed = await api.changeTeam(team.id, change);
        return `Team „${changed.name}“ gespeichert.`;
      }
      const created = await api.createTeam({ name: name.trim(), skills });
      return `Team „${created.name}“ angelegt.`;
    });
  }

  return (
    <FormShell
      id="team-form"
      title={team ? `Team „${team.name}“ bearbeiten` : 'Neues Team'}
      submitLabel={team ? 'Speichern' : 'Team anlegen'}
      busy={busy}
      error={error}
      onSubmit={() => void submit()}
      onCancel={onDone}
    >
      <InputField
        id="team-name"
        label="Name"
        error={nameProblem ?? error?.fieldMessage('name')}
        type="text"
        value={name}
        onChange={setName}
        autoComplete="off"
        maxLength={100}
      />
      <TopicPicker taxonomy={taxonomy} selected={skills} onChange={setSkills} />
    </FormShell>
  );
}

function RemoveTeamForm({
  team,
  teams,
  run,
  onDone,
}: {
  team: AdminTeam;
  teams: AdminTeam[];
  run: Props['run'];
  onDone: () => void;
}) {
  const others = teams.filter((t) => t.id !== team.id);
  const [moveTo, setMoveTo] = useState('');
  const { busy, error, submit: send } = useChangeForm(run, onDone);

  async function submit() {
    await send(async () => {
      const r = await api.removeTeam(team.id, moveTo || null);
      return (
        `Team „${r.team.name}“ entfernt. ${openConcerns(r.openConcerns)} ` +
        (r.openConcerns === 1 ? 'gehört' : 'gehören') +
        (r.movedTo ? ` jetzt zum Team „${r.movedTo.name}“.` : ' zu keinem Team mehr.')
      );
    });
  }

  return (
    <FormShell
      id="team-entfernen"
      title={`Team „${team.name}“ entfernen`}
      submitLabel="Team entfernen"
      busy={busy}
      error={error}
      onSubmit={() => void submit()}
      onCancel={onDone}
    >
      {team.accounts > 0 ? (
        <div className="alert alert-warn">
          <p>
            Zum Team gehören noch {team.accounts === 1 ? '1 aktives Konto' : `${team.accounts} aktive Konten`}
            . Bitte ordnen Sie sie unten bei den Konten erst einem anderen Team zu oder sperren Sie sie.
          </p>
        </div>
      ) : null}
      <FormField
        id="team-uebergabe"
        label="Offene Anliegen des Teams übernimmt"
        hint={`Zurzeit ${openConcerns(team.openConcerns)}. Ohne Team sehen alle Sachbearbeitenden sie in ihrer Arbeitsliste.`}
        error={error?.fieldMessage('moveTo')}
      >
        {(describedBy, invalid) => (
          <select
            id="team-uebergabe"
            value={moveTo}
            onChange={(e) => setMoveTo(e.target.value)}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
          >
            <option value="">kein Team</option>
            {others.map((t) => (
              <option key={t.id} value={t.id}>
                Team „{t.name}“
              </option>
            ))}
          </select>
        )}
      </FormField>
    </FormShell>
  );
}

/** The teams of the Kasse: who is responsible for which topics, and how much is open with each. */
export function TeamsPanel({ load, taxonomy, run }: Props) {
  const [editing, setEditing, close] = useEditing<Editing>();
  const teams = load.data?.teams;
  const label = (slug: string) => taxonomy?.topics.find((t) => t.slug === slug)?.label ?? slug;

  return (
    <AdminListPanel
      id="teams"
      title="Teams"
      addLabel="Team anlegen"
      onAdd={() => setEditing({ kind: 'new' })}
      load={load}
      what="Teams"
      form={
        editing?.kind === 'new' ? (
          <TeamForm editing={editing} taxonomy={taxonomy} run={run} onDone={close} />
        ) : null
      }
    >
      {!teams ? null : teams.length === 0 ? (
        <p className="empty">
          Noch kein Team. Ohne Teams sehen alle Sachbearbeitenden alle Anliegen in ihrer Arbeitsliste.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="data compact" data-testid="teams">
            <caption className="visually-hidden">
              Teams mit ihren Themen, aktiven Konten und offenen Anliegen
            </caption>
            <thead>
              <tr>
                <th scope="col">Team</th>
                <th scope="col">Themen</th>
                <th scope="col" className="num">
                  Aktive Konten
                </th>
                <th scope="col" className="num">
                  Offene Anliegen
                </th>
                <th scope="col">
                  <span className="visually-hidden">Aktionen</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {teams.map((t) => (
                <Fragment key={t.id}>
                  <tr>
                    <th scope="row">{t.name}</th>
                    <td className="cell-skills">
                      {t.skills.length === 0 ? (
                        <span className="muted">keine</span>
                      ) : (
                        t.skills.map((s) => (
                          <span key={s} className="tag">
                            {label(s)}
                          </span>
                        ))
                      )}
                    </td>
                    <td className="num">{t.accounts.toLocaleString('de-DE')}</td>
                    <td className="num">{t.openConcerns.toLocaleString('de-DE')}</td>
                    <td className="nowrap cell-actions">
                      <RowButton
                        label="Bearbeiten"
                        name={`Team ${t.name} bearbeiten`}
                        onClick={() => setEditing({ kind: 'edit', team: t })}
                      />
                      <RowButton
                        label="Entfernen"
                        name={`Team ${t.name} entfernen`}
                        onClick={() => setEditing({ kind: 'remove', team: t })}
                      />
                    </td>
                  </tr>
                  {editing && editing.kind !== 'new' && editing.team.id === t.id ? (
                    <tr className="row-form">
                      <td colSpan={5}>
                        {editing.kind === 'edit' ? (
                          <TeamForm editing={editing} taxonomy={taxonomy} run={run} onDone={close} />
                        ) : (
                          <RemoveTeamForm team={t} teams={teams} run={run} onDone={close} />
                        )}
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AdminListPanel>
  );
}
