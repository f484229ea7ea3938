import { useEffect, useRef, type ReactNode } from 'react';
import type { Me } from '../api.js';
import { paths, useLocation } from '../router.js';
import { Link } from './Link.js';

interface Props {
  me: Me;
  current: string;
  onLogout: () => Promise<void>;
  children: ReactNode;
}

/** Frame of every signed-in screen: skip link, banner with Kasse and person, main landmark. */
export function AppShell({ me, current, onLogout, children }: Props) {
  const location = useLocation();
  const pathname = location.split('?')[0];
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);
  // On a new screen, move focus to its start so screen readers do not stay on the old link.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: false });
    window.scrollTo(0, 0);
  }, [pathname]);
  return (
    <>
      <a className="skip-link" href="#inhalt">
        Zum Inhalt springen
      </a>
      <header className="app-header">
        <div className="app-header__inner">
          <Link to={paths.worklist()} className="brand">
            <span className="brand__name">vorrang</span>
            <span className="brand__kasse">{me.tenant.name}</span>
          </Link>
          <nav aria-label="Hauptnavigation" className="app-nav">
            {me.abilities['concern.read'] === true ? (
              <Link to={paths.worklist()} aria-current={current === 'worklist' ? 'page' : undefined}>
                Arbeitsliste
              </Link>
            ) : null}
            {me.abilities['dashboard.view'] === true ? (
              <>
                <Link to={paths.dashboard()} aria-current={current === 'dashboard' ? 'page' : undefined}>
                  Übersicht
                </Link>
                <Link to={paths.imports()} aria-current={current === 'import' ? 'page' : undefined}>
                  Import
                </Link>
              </>
            ) : null}
            {me.abilities['admin.manage'] === true ? (
              <Link to={paths.admin()} aria-current={current === 'admin' ? 'page' : undefined}>
                Verwaltung
              </Link>
            ) : null}
          </nav>
          <div className="user">
            <span className="user__who">
              <span className="user__name">{me.displayName}</span>
              <span className="user__role">{me.roleLabel}</span>
            </span>
            <Link
              to={paths.password()}
              className="btn btn-ghost"
              aria-current={current === 'password' ? 'page' : undefined}
            >
              Passwort ändern
            </Link>
            <button type="button" className="btn btn-ghost" onClick={() => void onLogout()}>
              Abmelden
            </button>
          </div>
        </div>
      </header>
      <main id="inhalt" className="page" tabIndex={-1} ref={mainRef}>
        {children}
      </main>
    </>
  );
}
