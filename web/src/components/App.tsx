import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError, setUnauthenticatedHandler, type Me } from '../api.js';
import { navigate, parseRoute, paths, safeAppPath, useLocation } from '../router.js';
import { AdminPage } from './AdminPage.js';
import { AppShell } from './AppShell.js';
import { ConcernPage } from './ConcernPage.js';
import { DashboardPage } from './DashboardPage.js';
import { ImportPage } from './ImportPage.js';
import { LoginPage } from './LoginPage.js';
import { AdminOnlyPage, NoAccessPage, NotFoundPage, TeamLeadOnlyPage } from './NotFoundPage.js';
import { PasswordPage } from './PasswordPage.js';
import { WorklistPage } from './WorklistPage.js';

type Session =
  { state: 'checking' } | { state: 'anonymous'; notice?: string } | { state: 'signedIn'; me: Me };

export function App() {
  const location = useLocation();
  const route = useMemo(() => {
    const q = location.indexOf('?');
    return q < 0 ? parseRoute(location, '') : parseRoute(location.slice(0, q), location.slice(q));
  }, [location]);
  const [session, setSession] = useState<Session>({ state: 'checking' });

  useEffect(() => {
    let cancelled = false;
    api
      .me()
      .then((me) => !cancelled && setSession({ state: 'signedIn', me }))
      .catch((err: unknown) => {
        if (cancelled) return;
        setSession({
          state: 'anonymous',
          ...(err instanceof ApiError && err.status !== 401 ? { notice: err.message } : {}),
        });
      });
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(() =>
      setSession({
        state: 'anonymous',
        notice: 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.',
      }),
    );
    return () => setUnauthenticatedHandler(undefined);
  }, []);

  // Without a session every screen but the login sends you to the login, and back afterwards.
  useEffect(() => {
    if (session.state === 'anonymous' && route.name !== 'login') {
      navigate(paths.login(location), { replace: true });
    }
    if (session.state === 'signedIn' && route.name === 'login') {
      navigate(safeAppPath(route.next), { replace: true });
    }
    // Administration reads no concerns: its start page is the administration.
    if (
      session.state === 'signedIn' &&
      route.name === 'worklist' &&
      session.me.abilities['concern.read'] !== true &&
      session.me.abilities['admin.manage'] === true
    ) {
      navigate(paths.admin(), { replace: true });
    }
  }, [session, route, location]);

  const onLoggedIn = useCallback((me: Me) => setSession({ state: 'signedIn', me }), []);
  const onLogout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setSession({ state: 'anonymous', notice: 'Sie haben sich abgemeldet.' });
      navigate(paths.login(), { replace: true });
    }
  }, []);

  if (session.state === 'checking') {
    return (
      <main className="page" id="inhalt">
        <p className="loading" role="status">
          Einen Moment bitte …
        </p>
      </main>
    );
  }

  if (session.state === 'anonymous') {
    if (route.name !== 'login') return null;
    return <LoginPage onLoggedIn={onLoggedIn} notice={session.notice} />;
  }

  const me = session.me;
  // Administration manages accounts and reads no social data; the server enforces it, this explains it.
  const readsConcerns = me.abilities['concern.read'] === true;
  let content;
  switch (route.name) {
    case 'worklist':
      content = readsConcerns ? <WorklistPage me={me} query={route.query} /> : <NoAccessPage me={me} />;
      break;
    case 'concern':
      content = readsConcerns ? (
        <ConcernPage me={me} reference={route.reference} />
      ) : (
        <NoAccessPage me={me} />
      );
      break;
    case 'dashboard':
      content =
        me.abilities['dashboard.view'] === true ? (
          <DashboardPage />
        ) : (
          <TeamLeadOnlyPage
            me={me}
            area="die Übersicht"
            what="Die Übersicht mit Bestand, Fristen und Abbauprognose"
          />
        );
      break;
    case 'import':
      content =
        me.abilities['dashboard.view'] === true ? (
          <ImportPage selectedId={route.id} />
        ) : (
          <TeamLeadOnlyPage
            me={me}
            area="den Import"
            what="Den Altbestand aus anderen Systemen zu importieren"
          />
        );
      break;
    case 'admin':
      content = me.abilities['admin.manage'] === true ? <AdminPage me={me} /> : <AdminOnlyPage me={me} />;
      break;
    case 'password':
      content = <PasswordPage />;
      break;
    case 'login':
      return null;
    case 'notFound':
      content = <NotFoundPage />;
      break;
  }
  return (
    <AppShell me={me} onLogout={onLogout} current={route.name}>
      {content}
    </AppShell>
  );
}
