import { useEffect, useState } from 'react';
import { api, type ApiError, type Me, type PriorityClass, type WorklistQuery } from '../api.js';
import { asApiError, useLoad, useTitle } from '../hooks.js';
import { CLASS_LABEL, PRIORITY_CLASSES } from '../labels.js';
import { navigate, paths } from '../router.js';
import { useTaxonomy } from '../taxonomy.js';
import { MAX_LIMIT, PAGE_SIZE, readWorklistQuery, writeWorklistQuery } from '../worklistQuery.js';
import { ErrorAlert } from './ErrorAlert.js';
import { WorklistTable } from './WorklistTable.js';

interface Props {
  me: Me;
  query: URLSearchParams;
}

const numberFmt = new Intl.NumberFormat('de-DE');

export function WorklistPage({ me, query }: Props) {
  useTitle('Arbeitsliste');
  const q = readWorklistQuery(query);
  const key = writeWorklistQuery(q).toString();
  const [load, reload] = useLoad(key, () => api.worklist(q));
  const taxonomy = useTaxonomy();
  const [claiming, setClaiming] = useState(false);
  const [claimError, setClaimError] = useState<ApiError>();
  const [claimInfo, setClaimInfo] = useState<string>();

  // The queue changes while people work: refresh every minute while the tab is visible.
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void reload();
    }, 60_000);
    return () => window.clearInterval(timer);
  }, [reload]);

  const setQuery = (next: WorklistQuery) =>
    navigate(paths.worklist(writeWorklistQuery(next)), { replace: true });

  async function claimNext() {
    setClaiming(true);
    setClaimError(undefined);
    setClaimInfo(undefined);
    try {
      const { item } = await api.claimNext();
      if (item) navigate(paths.concern(item.reference));
      else {
        setClaimInfo('Es gibt gerade kein offenes Anliegen, das Sie übernehmen können.');
        await reload();
      }
    } catch (err) {
      setClaimError(asApiError(err));
    } finally {
      setClaiming(false);
    }
  }

  const data = load.data;
  const filtered = q.priorityClass !== undefined || q.topic !== undefined;
  const canWork = me.abilities['concern.work'] === true;

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Arbeitsliste</h1>
          <p>
            Offene Anliegen in Bearbeitungsreihenfolge: zuerst medizinisch Dringendes (P1), dann fällige
            Zwischennachrichten, danach nach drohendem Fristverzug, Aufwand und Klasse gewichtet. Wer lange
            wartet, rückt nach oben.
          </p>
        </div>
        {canWork ? (
          <div className="claim-next">
            <button
              type="button"
              className="btn btn-large"
              onClick={() => void claimNext()}
              disabled={claiming}
              aria-describedby="naechstes-hinweis"
            >
              {claiming ? 'Wird übernommen …' : 'Nächstes Anliegen übernehmen'}
            </button>
            <span id="naechstes-hinweis" className="muted">
              {filtered
                ? 'Das dringendste Anliegen insgesamt, unabhängig vom Filter.'
                : 'Das dringendste offene Anliegen.'}
            </span>
          </div>
        ) : null}
      </div>

      <ErrorAlert error={claimError} />
      {claimInfo ? (
        <div className="alert alert-info" role="status">
          <p>{claimInfo}</p>
        </div>
      ) : null}

      <section className="panel" aria-labelledby="meine-titel">
        <div className="panel__head">
          <h2 id="meine-titel">Meine Anliegen</h2>
          {data ? (
            <span className="muted">
              {data.mine.length === 1 ? '1 Anliegen' : `${data.mine.length} Anliegen`}
            </span>
          ) : null}
        </div>
        {data && data.mine.length > 0 ? (
          <WorklistTable
            items={data.mine}
            caption="Anliegen, die Sie gerade bearbeiten"
            testId="meine-anliegen"
          />
        ) : data ? (
          <p className="muted" style={{ margin: 0 }}>
            Sie bearbeiten gerade kein Anliegen. Mit „Nächstes Anliegen übernehmen“ erhalten Sie das
            dringendste.
          </p>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="offen-titel">
        <div className="panel__head">
          <h2 id="offen-titel">Offene Anliegen</h2>
        </div>
        <form
          className="toolbar"
          role="search"
          aria-label="Arbeitsliste filtern"
          onSubmit={(e) => e.preventDefault()}
        >
          <div className="field">
            <label htmlFor="filter-klasse">Klasse</label>
            <select
              id="filter-klasse"
              value={q.priorityClass ?? ''}
              onChange={(e) =>
                setQuery({
                  ...q,
                  limit: PAGE_SIZE,
                  priorityClass: (e.target.value || undefined) as PriorityClass | undefined,
                })
              }
            >
              <option value="">Alle Klassen</option>
              {PRIORITY_CLASSES.map((c) => (
                <option key={c} value={c}>
                  {c} – {CLASS_LABEL[c]}
                </option>
              ))}
            </select>
          </div>
          <div className="field topic">
            <label htmlFor="filter-thema">Thema</label>
            <select
              id="filter-thema"
              value={q.topic ?? ''}
              onChange={(e) => setQuery({ ...q, limit: PAGE_SIZE, topic: e.target.value || undefined })}
            >
              <option value="">Alle Themen</option>
              {taxonomy?.topics.map((t) => (
                <option key={t.slug} value={t.slug}>
                  {t.label}
                </option>
              ))}
              {q.topic && !taxonomy ? <option value={q.topic}>{q.topic}</option> : null}
            </select>
          </div>
          {filtered ? (
            <button type="button" className="btn btn-ghost" onClick={() => setQuery({ limit: PAGE_SIZE })}>
              Filter zurücksetzen
            </button>
          ) : null}
          <p className="counts" role="status" aria-live="polite">
            {data ? (
              <>
                <strong>{numberFmt.format(data.total)}</strong>{' '}
                {data.total === 1 ? 'offenes Anliegen' : 'offene Anliegen'}
                {filtered ? ' (gefiltert)' : ''}
              </>
            ) : (
              'Wird geladen …'
            )}
          </p>
        </form>

        {load.state === 'error' ? (
          <ErrorAlert error={load.error} title="Die Arbeitsliste konnte nicht geladen werden." />
        ) : null}

        {data ? (
          data.items.length > 0 ? (
            <div style={{ marginTop: '1rem' }}>
              <WorklistTable
                items={data.items}
                caption="Offene Anliegen in Bearbeitungsreihenfolge"
                testId="arbeitsliste"
              />
              <div className="list-foot">
                <span className="muted">
                  {numberFmt.format(data.items.length)} von {numberFmt.format(data.total)} angezeigt
                </span>
                {data.items.length < data.total && q.limit < MAX_LIMIT ? (
                  <button
                    type="button"
                    className="btn btn-secondary"
                    disabled={load.state === 'loading'}
                    onClick={() => setQuery({ ...q, limit: Math.min(q.limit + PAGE_SIZE, MAX_LIMIT) })}
                  >
                    {load.state === 'loading' ? 'Wird geladen …' : `${PAGE_SIZE} weitere laden`}
                  </button>
                ) : data.items.length < data.total ? (
                  <span className="muted">
                    Es werden höchstens {MAX_LIMIT} Anliegen angezeigt. Bitte filtern Sie.
                  </span>
                ) : null}
              </div>
            </div>
          ) : (
            <p className="empty">
              {filtered
                ? 'Für diese Auswahl gibt es keine offenen Anliegen.'
                : 'Keine offenen Anliegen. Alles erledigt.'}
            </p>
          )
        ) : load.state === 'loading' ? (
          <p className="loading" role="status">
            Arbeitsliste wird geladen …
          </p>
        ) : null}
      </section>
    </>
  );
}
