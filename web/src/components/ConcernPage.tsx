import { useCallback, useMemo, useState } from 'react';
import { api, type ApiError, type Me } from '../api.js';
import { asApiError, useLoad, useTitle } from '../hooks.js';
import { paths } from '../router.js';
import { useTaxonomy } from '../taxonomy.js';
import { ClassBadge } from './ClassBadge.js';
import { DeadlinesTable } from './DeadlinesTable.js';
import { ErrorAlert } from './ErrorAlert.js';
import { HistoryTimeline } from './HistoryTimeline.js';
import { InterimNoticeBadge } from './InterimNoticeBadge.js';
import { Link } from './Link.js';
import { SenderFacts } from './SenderFacts.js';
import { StatusText } from './StatusText.js';
import { TriageBox } from './TriageBox.js';
import { WorkActions } from './WorkActions.js';

interface Props {
  me: Me;
  reference: string;
}

export function ConcernPage({ me, reference }: Props) {
  const [load, reload] = useLoad(reference, () => api.concern(reference));
  const taxonomy = useTaxonomy();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [success, setSuccess] = useState<string>();
  const concern = load.data;
  useTitle(concern ? `Anliegen ${concern.reference}` : 'Anliegen');

  const topicLabels = useMemo(
    () => Object.fromEntries((taxonomy?.topics ?? []).map((t) => [t.slug, t.label])),
    [taxonomy],
  );

  const clearMessages = useCallback(() => {
    setError(undefined);
    setSuccess(undefined);
  }, []);

  const perform = useCallback(
    async (run: () => Promise<void>, message: string, onSuccess?: () => void) => {
      setBusy(true);
      setError(undefined);
      setSuccess(undefined);
      let ok = false;
      try {
        await run();
        ok = true;
        setSuccess(message);
        onSuccess?.();
      } catch (err) {
        setError(asApiError(err));
      }
      // Whatever happened, show the current state: a 409 usually means someone else acted meanwhile.
      await reload();
      setBusy(false);
      return ok;
    },
    [reload],
  );

  if (!concern) {
    return (
      <>
        <Link to={paths.worklist()} className="back">
          ← Zurück zur Arbeitsliste
        </Link>
        {load.state === 'error' ? (
          <div className="panel">
            <h1>Anliegen {reference}</h1>
            <ErrorAlert error={load.error} />
          </div>
        ) : (
          <p className="loading" role="status">
            Anliegen wird geladen …
          </p>
        )}
      </>
    );
  }

  const closed = concern.status === 'erledigt' || concern.status === 'weitergeleitet';

  return (
    <>
      <Link to={paths.worklist()} className="back">
        ← Zurück zur Arbeitsliste
      </Link>
      <div className="detail-head">
        <span>
          <span className="muted">Vorgangsnummer </span>
          <span className="reference" data-testid="vorgangsnummer">
            {concern.reference}
          </span>
        </span>
        <ClassBadge value={concern.priorityClass} />
        <StatusText status={concern.status} />
        <InterimNoticeBadge dueAt={concern.interimNoticeDueAt} sentAt={concern.interimNoticeSentAt} />
      </div>
      <h1 style={{ marginBottom: '1rem' }}>{concern.subject}</h1>

      {success ? (
        <div className="alert alert-ok" role="status">
          <p>
            {success}
            {closed ? (
              <>
                {' '}
                <Link to={paths.worklist()}>Zurück zur Arbeitsliste</Link>
              </>
            ) : null}
          </p>
        </div>
      ) : null}
      {load.state === 'error' ? (
        <ErrorAlert error={load.error} title="Der aktuelle Stand konnte nicht geladen werden." />
      ) : null}

      <div className="detail-grid">
        <div className="stack stack-main">
          <section className="panel" aria-labelledby="text-titel">
            <div className="panel__head">
              <h2 id="text-titel">Text des Anliegens</h2>
            </div>
            <pre className="concern-text" tabIndex={0} aria-labelledby="text-titel">
              {concern.text}
            </pre>
          </section>
          <DeadlinesTable deadlines={concern.deadlines} />
          <HistoryTimeline history={concern.history} topicLabels={topicLabels} />
        </div>
        <div className="stack stack-side">
          <WorkActions
            concern={concern}
            me={me}
            taxonomy={taxonomy}
            busy={busy}
            error={error}
            perform={perform}
            clearMessages={clearMessages}
          />
          <TriageBox concern={concern} />
          <SenderFacts concern={concern} />
        </div>
      </div>
    </>
  );
}
