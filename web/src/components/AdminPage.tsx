import { useCallback, useState } from 'react';
import { api, type AdminAccount, type Me } from '../api.js';
import { asApiError, useLoad, useTitle } from '../hooks.js';
import { useTaxonomy } from '../taxonomy.js';
import { AccountsPanel } from './AccountsPanel.js';
import type { RunChange } from './AdminParts.js';
import { TeamsPanel } from './TeamsPanel.js';

interface StartPassword {
  account: AdminAccount;
  password: string;
}

/** Shown once after an account was created or given a new start password; never stored in the app. */
function StartPasswordNotice({ notice, onClose }: { notice: StartPassword; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="alert alert-ok start-password" data-testid="startpasswort">
      <p>
        <strong>Startpasswort für {notice.account.displayName}</strong> ({notice.account.email}). Es wird nur
        jetzt angezeigt. Bitte geben Sie es persönlich oder auf einem zweiten Weg weiter, nie zusammen mit der
        Adresse in derselben E-Mail.
      </p>
      <p className="start-password__value">
        <span>Startpasswort:</span>
        <code>{notice.password}</code>
        <button
          type="button"
          className="btn btn-secondary btn-small"
          onClick={() =>
            void navigator.clipboard
              ?.writeText(notice.password)
              .then(() => setCopied(true))
              .catch(() => undefined)
          }
        >
          {copied ? 'Kopiert' : 'Kopieren'}
        </button>
        <button type="button" className="btn btn-ghost btn-small" onClick={onClose}>
          Ausblenden
        </button>
      </p>
    </div>
  );
}

/** Administration: the teams and staff accounts of the Kasse. Shows no concern, only counts. */
export function AdminPage({ me }: { me: Me }) {
  useTitle('Verwaltung');
  const taxonomy = useTaxonomy();
  const [teams, reloadTeams] = useLoad('admin-teams', () => api.adminTeams());
  const [accounts, reloadAccounts] = useLoad('admin-accounts', () => api.adminAccounts());
  const [confirmation, setConfirmation] = useState<string>();
  const [startPassword, setStartPassword] = useState<StartPassword>();

  const run = useCallback<RunChange>(
    async (change) => {
      // A start password stays on screen only until the next change; the last confirmation goes too, so
      // the live region announces the next one even when its words are the same.
      setStartPassword(undefined);
      setConfirmation(undefined);
      try {
        const message = await change();
        setConfirmation(message);
        await Promise.all([reloadTeams(), reloadAccounts()]);
        return null;
      } catch (err) {
        return asApiError(err);
      }
    },
    [reloadTeams, reloadAccounts],
  );

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Verwaltung</h1>
          <p>
            Teams und Konten der {me.tenant.name}. Jede Änderung gilt sofort und wird mit Ihrem Namen
            protokolliert.
          </p>
        </div>
      </div>
      <div className="stack">
        {/* One live region that stays in the page, so what a change did is read out; the focus goes back
            to the button that opened the form. */}
        <div className="admin-messages" role="status">
          {confirmation ? (
            <div className="alert alert-ok">
              <p>{confirmation}</p>
            </div>
          ) : null}
          {startPassword ? (
            <StartPasswordNotice notice={startPassword} onClose={() => setStartPassword(undefined)} />
          ) : null}
        </div>
        <TeamsPanel load={teams} taxonomy={taxonomy} run={run} />
        <AccountsPanel
          load={accounts}
          teams={teams.data?.teams ?? []}
          run={run}
          onStartPassword={(account, password) => setStartPassword({ account, password })}
        />
      </div>
    </>
  );
}
