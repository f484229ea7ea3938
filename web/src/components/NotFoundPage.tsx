import type { Me } from '../api.js';
import { useTitle } from '../hooks.js';
import { paths } from '../router.js';
import { Link } from './Link.js';

export function NotFoundPage() {
  useTitle('Seite nicht gefunden');
  return (
    <div className="panel">
      <h1>Diese Seite gibt es nicht</h1>
      <p>
        Die Adresse ist unvollständig oder veraltet. <Link to={paths.worklist()}>Zur Arbeitsliste</Link>
      </p>
    </div>
  );
}

export function NoAccessPage({ me }: { me: Me }) {
  useTitle('Kein Zugriff auf Anliegen');
  return (
    <div className="panel">
      <h1>Kein Zugriff auf Anliegen</h1>
      <p>
        Mit der Rolle „{me.roleLabel}“ verwalten Sie Zugänge, sehen aber keine Anliegen und keine Sozialdaten.
        Für die Bearbeitung melden Sie sich bitte mit einem Zugang der Sachbearbeitung oder Teamleitung an.
      </p>
      {me.abilities['admin.manage'] === true ? (
        <p style={{ marginBottom: 0 }}>
          <Link to={paths.admin()}>Zur Verwaltung der Teams und Konten</Link>
        </p>
      ) : null}
    </div>
  );
}

/** A staff area reserved for team leads, opened with another role. */
export function TeamLeadOnlyPage({ me, area, what }: { me: Me; area: string; what: string }) {
  useTitle('Keine Berechtigung');
  return (
    <div className="panel" data-testid="keine-berechtigung">
      <h1>Keine Berechtigung für {area}</h1>
      <p>
        {what} ist der Teamleitung vorbehalten. Mit der Rolle „{me.roleLabel}“ haben Sie dafür keine
        Berechtigung.
      </p>
      <p style={{ marginBottom: 0 }}>
        <Link to={paths.worklist()}>Zur Arbeitsliste</Link>
      </p>
    </div>
  );
}

/** The administration screen, opened without the administration role. */
export function AdminOnlyPage({ me }: { me: Me }) {
  useTitle('Keine Berechtigung');
  return (
    <div className="panel" data-testid="keine-berechtigung">
      <h1>Keine Berechtigung für die Verwaltung</h1>
      <p>
        Teams und Konten verwaltet die Administration der Kasse. Mit der Rolle „{me.roleLabel}“ haben Sie
        dafür keine Berechtigung; Ihr eigenes Passwort ändern Sie unter{' '}
        <Link to={paths.password()}>Passwort ändern</Link>.
      </p>
    </div>
  );
}
