import { useState } from 'react';
import { api, type ApiError } from '../api.js';
import { asApiError, useTitle } from '../hooks.js';
import { InputField } from './FormField.js';
import { FormShell } from './FormShell.js';

/** Every staff member replaces their start password here, or changes theirs at any time. */
export function PasswordPage() {
  useTitle('Passwort ändern');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [problems, setProblems] = useState<{ repeat?: string }>({});
  const [done, setDone] = useState(false);

  async function submit() {
    // The length rule is the server's; it answers with a message for the field.
    const found = {
      ...(repeat !== next && { repeat: 'Die Wiederholung stimmt nicht mit dem neuen Passwort überein.' }),
    };
    setProblems(found);
    setError(undefined);
    setDone(false);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await api.changePassword(current, next);
      setDone(true);
      setCurrent('');
      setNext('');
      setRepeat('');
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Passwort ändern</h1>
          <p>
            Ein Startpasswort von der Administration ersetzen Sie bitte gleich nach der ersten Anmeldung. Ihre
            anderen Sitzungen enden mit der Änderung, diese bleibt.
          </p>
        </div>
      </div>
      <div className="panel password-panel">
        {done ? (
          <div className="alert alert-ok" role="status">
            <p>Ihr Passwort ist geändert. Ab jetzt gilt nur noch das neue.</p>
          </div>
        ) : null}
        <FormShell
          id="passwort"
          title="Neues Passwort festlegen"
          submitLabel="Passwort ändern"
          busy={busy}
          error={error}
          onSubmit={() => void submit()}
          onCancel={() => history.back()}
          level={2}
        >
          <InputField
            id="passwort-bisher"
            label="Bisheriges Passwort"
            error={error?.fieldMessage('currentPassword')}
            type="password"
            value={current}
            onChange={setCurrent}
            autoComplete="current-password"
          />
          <InputField
            id="passwort-neu"
            label="Neues Passwort"
            hint="Mindestens 12 Zeichen; ein Satz aus mehreren Wörtern ist leicht zu merken und schwer zu erraten."
            error={error?.fieldMessage('newPassword')}
            type="password"
            value={next}
            onChange={setNext}
            autoComplete="new-password"
          />
          <InputField
            id="passwort-wiederholung"
            label="Neues Passwort wiederholen"
            error={problems.repeat}
            type="password"
            value={repeat}
            onChange={setRepeat}
            autoComplete="new-password"
          />
        </FormShell>
      </div>
    </>
  );
}
