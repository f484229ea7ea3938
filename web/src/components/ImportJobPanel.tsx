/**
 * One import: followed every 500 ms while it runs (progress bar, counts, rows per second), then the
 * outcome, the rejected rows with their reasons and the way to the Arbeitsliste.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type ApiError, type ImportJob, type ImportJobStatus, type ImportRejection } from '../api.js';
import { asApiError } from '../hooks.js';
import { FORMAT_LABEL, formatBytes, progressOf } from '../imports.js';
import { IMPORT_STALLED_LABEL, IMPORT_STATUS_LABEL } from '../labels.js';
import { paths } from '../router.js';
import { formatDateTime } from '../time.js';
import { ErrorAlert } from './ErrorAlert.js';
import { Link } from './Link.js';

const num = new Intl.NumberFormat('de-DE');
const POLL_MS = 500;
const POLL_HIDDEN_MS = 2000;
const RETRY_MS = 3000;
const REJECTIONS_PAGE = 100;
const RAW_PREVIEW = 120;

export function ImportStatusTag({
  status,
  stalled = false,
}: {
  status: ImportJobStatus | 'uploading';
  stalled?: boolean;
}) {
  const shown = stalled ? 'stalled' : status;
  return (
    <span className={`tag import-status import-status--${shown}`} data-testid="import-status">
      {stalled ? IMPORT_STALLED_LABEL : IMPORT_STATUS_LABEL[status]}
    </span>
  );
}

const minutes = (seconds: number) => {
  const m = Math.max(1, Math.round(seconds / 60));
  return m === 1 ? 'einer Minute' : `${num.format(m)} Minuten`;
};

/** Rows per second: one decimal for slow runs, whole numbers above ten. */
export function formatRate(rate: number): string {
  return new Intl.NumberFormat('de-DE', { maximumFractionDigits: rate < 10 ? 1 : 0 }).format(rate);
}

/**
 * The job, fetched at once and then every 500 ms (every 2 s in a hidden tab) until it is no longer
 * running. Connection trouble and server errors are retried; a 4xx answer (unknown import) is final.
 */
function useImportJob(id: string): { job: ImportJob | undefined; error: ApiError | undefined } {
  const [job, setJob] = useState<ImportJob>();
  const [error, setError] = useState<ApiError>();
  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    const tick = async () => {
      try {
        const next = await api.importJob(id);
        if (stopped) return;
        setJob(next);
        setError(undefined);
        if (next.status === 'running') {
          const wait = document.visibilityState === 'visible' ? POLL_MS : POLL_HIDDEN_MS;
          timer = window.setTimeout(() => void tick(), wait);
        }
      } catch (err) {
        if (stopped) return;
        const e = asApiError(err);
        setError(e);
        if (e.status === 0 || e.status >= 500) timer = window.setTimeout(() => void tick(), RETRY_MS);
      }
    };
    void tick();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [id]);
  return { job, error };
}

function RawRecord({ raw }: { raw: string }) {
  if (raw.length <= RAW_PREVIEW) return <code className="import-raw">{raw}</code>;
  return (
    <details className="import-raw-details">
      <summary>
        <code className="import-raw">{raw.slice(0, RAW_PREVIEW)} …</code>{' '}
        <span className="more">ganz anzeigen</span>
      </summary>
      <pre className="import-raw import-raw--full">{raw}</pre>
    </details>
  );
}

function Rejections({ id, total }: { id: string; total: number }) {
  const [rows, setRows] = useState<ImportRejection[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError>();

  const load = useCallback(
    async (after: number) => {
      setLoading(true);
      setError(undefined);
      try {
        const { rejections } = await api.importRejections(id, after, REJECTIONS_PAGE);
        setRows((prev) => (after === 0 ? rejections : [...prev, ...rejections]));
      } catch (err) {
        setError(asApiError(err));
      } finally {
        setLoading(false);
      }
    },
    [id],
  );

  useEffect(() => {
    void load(0);
  }, [load]);

  const last = rows[rows.length - 1];
  return (
    <section className="import-rejections" aria-labelledby="abgelehnt-titel">
      <div className="panel__head">
        <h3 id="abgelehnt-titel">Abgelehnte Zeilen</h3>
        <span className="muted">
          {rows.length < total
            ? `${num.format(rows.length)} von ${num.format(total)} angezeigt`
            : `${num.format(total)} ${total === 1 ? 'Zeile' : 'Zeilen'}`}
        </span>
      </div>
      <p className="panel__note">
        Diese Zeilen wurden nicht übernommen. Berichtigen Sie sie und laden Sie die Datei erneut hoch: Schon
        übernommene Zeilen zählen dann als Duplikate und werden nicht doppelt angelegt.
      </p>
      <ErrorAlert error={error} title="Die abgelehnten Zeilen konnten nicht geladen werden." />
      {rows.length > 0 ? (
        <div className="table-wrap">
          <table className="data compact import-rejections__table" data-testid="abgelehnte-zeilen">
            <caption className="visually-hidden">Abgelehnte Zeilen mit dem Grund der Ablehnung</caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  Zeile
                </th>
                <th scope="col">externalId</th>
                <th scope="col">Grund</th>
                <th scope="col">Datensatz</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.row} data-line={r.line}>
                  <td className="num">{num.format(r.line)}</td>
                  <td className="mono nowrap">{r.externalId ?? <span className="muted">keine</span>}</td>
                  <td className="import-reason">{r.reason}</td>
                  <td className="import-raw-cell">
                    <RawRecord raw={r.raw} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {loading ? (
        <p className="muted" role="status">
          Abgelehnte Zeilen werden geladen …
        </p>
      ) : rows.length < total && last ? (
        <div className="list-foot">
          <button type="button" className="btn btn-ghost btn-small" onClick={() => void load(last.row)}>
            Weitere {num.format(Math.min(REJECTIONS_PAGE, total - rows.length))} laden
          </button>
        </div>
      ) : null}
    </section>
  );
}

function Counts({ job }: { job: ImportJob }) {
  const items: { key: string; label: string; value: string; tone?: string }[] = [
    { key: 'gelesen', label: 'Zeilen gelesen', value: num.format(job.processedRows) },
    { key: 'uebernommen', label: 'Übernommen', value: num.format(job.accepted), tone: 'ok' },
    { key: 'duplikate', label: 'Duplikate', value: num.format(job.duplicates) },
    {
      key: 'abgelehnt',
      label: 'Abgelehnt',
      value: num.format(job.rejected),
      ...(job.rejected > 0 ? { tone: 'bad' } : {}),
    },
    {
      key: 'tempo',
      label: 'Zeilen je Sekunde',
      value: job.rowsPerSecond === null ? '–' : formatRate(job.rowsPerSecond),
    },
  ];
  return (
    <dl className="import-counts">
      {items.map((i) => (
        <div key={i.key} className="import-count" data-testid={`import-${i.key}`}>
          <dt>{i.label}</dt>
          <dd
            className={i.tone ? `import-count__value import-count__value--${i.tone}` : 'import-count__value'}
          >
            {i.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** One sentence for screen readers, changed only when the status changes (not on every poll). */
function announcement(job: ImportJob | undefined): string {
  if (!job) return '';
  if (job.status === 'running' && job.stalledSeconds !== null)
    return 'Der Import ist vermutlich unterbrochen.';
  if (job.status === 'running') return 'Der Import läuft.';
  if (job.status === 'failed') return `Der Import ist fehlgeschlagen. ${job.error ?? ''}`.trim();
  return `Der Import ist fertig: ${num.format(job.accepted)} übernommen, ${num.format(job.duplicates)} Duplikate, ${num.format(job.rejected)} abgelehnt.`;
}

interface Props {
  id: string;
  /** Called once when a job that was running here has finished (done or failed). */
  onSettled: () => void;
}

export function ImportJobPanel({ id, onSettled }: Props) {
  const { job, error } = useImportJob(id);
  const status = job?.status;
  const onSettledRef = useRef(onSettled);
  onSettledRef.current = onSettled;
  const previous = useRef<ImportJobStatus | undefined>(undefined);
  useEffect(() => {
    if (previous.current === 'running' && status !== 'running') onSettledRef.current();
    previous.current = status;
  }, [status]);

  const name = job?.fileName;
  const progress = job ? progressOf(job) : undefined;

  return (
    <section className="panel import-job" aria-labelledby="import-detail-titel" data-testid="import-detail">
      <div className="panel__head">
        <h2 id="import-detail-titel" tabIndex={-1}>
          {name ? `Import „${name}“` : 'Import'}
        </h2>
        {job ? <ImportStatusTag status={job.status} stalled={job.stalledSeconds !== null} /> : null}
      </div>
      {job ? (
        <p className="import-meta">
          Quelle <strong>{job.source}</strong> · {FORMAT_LABEL[job.format]}
          {job.bytesTotal !== null ? ` · ${formatBytes(job.bytesTotal)}` : ''} · gestartet{' '}
          <time dateTime={job.startedAt}>{formatDateTime(job.startedAt)}</time> von {job.createdBy}
          {job.finishedAt ? (
            <>
              {' '}
              · beendet <time dateTime={job.finishedAt}>{formatDateTime(job.finishedAt)}</time>
            </>
          ) : null}
        </p>
      ) : null}

      <ErrorAlert error={error} title="Der Stand des Imports konnte nicht abgerufen werden." />
      {!job && !error ? (
        <p className="loading" role="status">
          Stand des Imports wird geladen …
        </p>
      ) : null}

      {job && progress ? (
        <>
          <div className={`import-progress import-progress--${job.status}`}>
            <label htmlFor="import-fortschritt">Fortschritt</label>
            <progress
              id="import-fortschritt"
              max={progress.max}
              {...(progress.value === undefined ? {} : { value: progress.value })}
              aria-valuetext={progress.text}
              aria-describedby="import-fortschritt-text"
            />
            <span id="import-fortschritt-text" className="import-progress__text">
              {progress.text}
            </span>
          </div>
          <Counts job={job} />
        </>
      ) : null}

      {job?.status === 'running' && job.stalledSeconds !== null ? (
        <div className="alert alert-warn" data-testid="import-unterbrochen">
          <p>
            <strong>Seit {minutes(job.stalledSeconds)} kein Lebenszeichen.</strong> Der Import wurde
            vermutlich unterbrochen, etwa durch einen Neustart des Servers.
          </p>
          <p>
            Bereits übernommene Anliegen bleiben erhalten. Laden Sie dieselbe Datei erneut hoch: schon
            übernommene Zeilen werden als Duplikate erkannt, die übrigen übernommen.
          </p>
        </div>
      ) : null}

      {job?.status === 'failed' ? (
        <div className="alert alert-error" data-testid="import-fehler">
          <p>
            <strong>Der Import ist fehlgeschlagen.</strong>
          </p>
          <p>{job.error ?? 'Der Grund ist nicht bekannt.'}</p>
          {job.accepted > 0 ? (
            <p>
              {num.format(job.accepted)} bis dahin übernommene Anliegen bleiben erhalten.{' '}
              <Link to={paths.worklist()}>Zur Arbeitsliste</Link>
            </p>
          ) : null}
        </div>
      ) : null}

      {job?.status === 'done' ? (
        <div className="alert alert-ok import-done" data-testid="import-ergebnis">
          <p>
            <strong>Import abgeschlossen.</strong>{' '}
            {job.accepted === 0
              ? 'Es wurde kein neues Anliegen übernommen.'
              : job.accepted === 1
                ? '1 Anliegen wurde übernommen, eingestuft und steht mit seinen Fristen in der Arbeitsliste.'
                : `${num.format(job.accepted)} Anliegen wurden übernommen, eingestuft und stehen mit ihren Fristen in der Arbeitsliste.`}
          </p>
          <p>
            <Link to={paths.worklist()}>Zur Arbeitsliste</Link>
          </p>
        </div>
      ) : null}

      {job && job.status !== 'running' && job.rejected > 0 ? (
        <Rejections id={job.id} total={job.rejected} />
      ) : null}

      <p className="visually-hidden" role="status">
        {announcement(job)}
      </p>
    </section>
  );
}
