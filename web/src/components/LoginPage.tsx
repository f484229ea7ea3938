import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type ApiError, type Me } from '../api.js';
import { asApiError, useTitle } from '../hooks.js';

interface Props {
  onLoggedIn: (me: Me) => void;
  notice?: string | undefined;
}

export function LoginPage({ onLoggedIn, notice }: Props) {
  useTitle('Anmeldung');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const errorRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onLoggedIn(await api.login(email.trim(), password));
    } catch (err) {
      setError(asApiError(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  const emailError = error?.fieldMessage('email');
  const passwordError = error?.fieldMessage('password');

  return (
    <div className="login-shell">
      <header className="app-header">
        <div className="app-header__inner">
          <span className="brand">
            <span className="brand__name">vorrang</span>
            <span className="brand__kasse">Arbeitsoberfläche für Mitarbeitende</span>
          </span>
        </div>
      </header>
      <main id="inhalt">
        <div className="panel login-card">
          <h1>Anmeldung</h1>
          <p className="muted">Melden Sie sich mit Ihrem dienstlichen Zugang an.</p>
          {notice && !error ? (
            <div className="alert alert-info" role="status">
              <p>{notice}</p>
            </div>
          ) : null}
          {error ? (
            <div className="alert alert-error" role="alert" tabIndex={-1} ref={errorRef} id="login-fehler">
              <p>{error.message}</p>
            </div>
          ) : null}
          <form onSubmit={(e) => void submit(e)} noValidate>
            <div className="field">
              <label htmlFor="login-email">E-Mail-Adresse</label>
              <input
                id="login-email"
                type="email"
                name="email"
                autoComplete="username"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                aria-invalid={emailError ? true : undefined}
                aria-describedby={emailError ? 'login-email-fehler' : undefined}
              />
              {emailError ? (
                <span className="field-error" id="login-email-fehler">
                  {emailError}
                </span>
              ) : null}
            </div>
            <div className="field">
              <label htmlFor="login-password">Passwort</label>
              <input
                id="login-password"
                type="password"
                name="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                aria-invalid={passwordError ? true : undefined}
                aria-describedby={passwordError ? 'login-password-fehler' : undefined}
              />
              {passwordError ? (
                <span className="field-error" id="login-password-fehler">
                  {passwordError}
                </span>
              ) : null}
            </div>
            <button type="submit" className="btn btn-large" disabled={busy}>
              {busy ? 'Anmeldung läuft …' : 'Anmelden'}
            </button>
          </form>
        </div>
      </main>
      <footer className="login-foot">
        Zugriff nur für berechtigte Mitarbeitende. Zugriffe auf Sozialdaten werden protokolliert (§ 35 SGB I).
      </footer>
    </div>
  );
}
