/**
 * Import of a legacy backlog for the Teamleitung: choose a CSV or JSON Lines file and upload it, follow
 * the import (progress, counts, rows per second), then read the rejected rows with their reasons. Earlier
 * imports are listed below; each opens again at /app/import?id=….
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type ApiError, type ImportJob } from '../api.js';
import { asApiError, useLoad, useTitle, type Load } from '../hooks.js';
import { FORMAT_LABEL, formatBytes, importFormatOf, MAX_UPLOAD_BYTES } from '../imports.js';
import { navigate, paths } from '../router.js';
import { formatDateTime } from '../time.js';
import { ErrorAlert } from './ErrorAlert.js';
import { FormField } from './FormField.js';
import { ImportFormatHelp } from './ImportFormatHelp.js';
import { ImportJobPanel, ImportStatusTag } from './ImportJobPanel.js';
import { Link } from './Link.js';

const num = new Intl.NumberFormat('de-DE');
const DEFAULT_SOURCE = 'altbestand';
const LIST_REFRESH_MS = 3000;

type Problems = { file?: string; source?: string };

function UploadForm({ onStarted }: { onStarted: (id: string) => void }) {
  const fileRef = useRef<HTMLInputElement>(null);
  const sourceRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState(DEFAULT_SOURCE);
  const [problems, setProblems] = useState<Problems>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  const format = file ? importFormatOf(file.name) : null;

  function check(): Problems {
    const p: Problems = {};
    if (!file) p.file = 'Bitte wählen Sie eine Datei aus.';
    else if (!format)
      p.file = 'Bitte wählen Sie eine CSV-Datei (.csv) oder eine JSON-Lines-Datei (.jsonl, .ndjson).';
    else if (file.size === 0) p.file = 'Die Datei ist leer.';
    else if (file.size > MAX_UPLOAD_BYTES)
      p.file = `Die Datei ist ${formatBytes(file.size)} groß, erlaubt sind höchstens ${formatBytes(MAX_UPLOAD_BYTES)}. Bitte teilen Sie sie in mehrere Dateien auf.`;
    if (!source.trim()) p.source = 'Bitte geben Sie die Quelle an.';
    return p;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const p = check();
    setProblems(p);
    setError(undefined);
    if (p.file || p.source || !file || !format) {
      (p.file ? fileRef.current : sourceRef.current)?.focus();
      return;
    }
    setBusy(true);
    try {
      const { id } = await api.uploadImport(file, { format, fileName: file.name, source: source.trim() });
      // The form starts empty again, so a second click does not send the same file once more.
      if (fileRef.current) fileRef.current.value = '';
      setFile(null);
      onStarted(id);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  const fileError = problems.file ?? error?.fieldMessage('body');
  const sourceError = problems.source ?? error?.fieldMessage('source');

  return (
    <section className="panel import-upload" aria-labelledby="import-hochladen-titel">
      <h2 id="import-hochladen-titel">Datei hochladen</h2>
      <p className="panel__note import-upload__lead">
        Die Anliegen werden wie neue eingestuft; ihre gesetzlichen Fristen laufen ab dem ursprünglichen
        Eingang.
      </p>
      <ErrorAlert error={error} title="Der Import konnte nicht gestartet werden." />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <FormField
          id="import-datei"
          label="Datei"
          hint="CSV (.csv) oder JSON Lines (.jsonl, .ndjson), höchstens 200 MB."
          error={fileError}
        >
          {(describedBy, invalid) => (
            <input
              ref={fileRef}
              id="import-datei"
              type="file"
              accept=".csv,.jsonl,.ndjson,text/csv,application/x-ndjson"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setProblems((p) => ({ ...p, file: undefined }));
              }}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
            />
          )}
        </FormField>
        {file && format ? (
          <p className="import-file-facts" data-testid="import-datei-info">
            {FORMAT_LABEL[format]}, {formatBytes(file.size)}
          </p>
        ) : null}
        <FormField
          id="import-quelle"
          label="Quelle"
          hint="Name des Altsystems. Eine externalId, die aus derselben Quelle schon übernommen wurde, zählt als Duplikat."
          error={sourceError}
        >
          {(describedBy, invalid) => (
            <input
              ref={sourceRef}
              id="import-quelle"
              type="text"
              autoComplete="off"
              maxLength={100}
              value={source}
              onChange={(e) => setSource(e.target.value)}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
            />
          )}
        </FormField>
        <div className="form-buttons">
          <button type="submit" className="btn" aria-disabled={busy || undefined}>
            {busy ? 'Wird hochgeladen …' : 'Import starten'}
          </button>
        </div>
        <div role="status" className="import-upload__status">
          {busy ? (
            <>
              <label htmlFor="import-hochladen-fortschritt">Die Datei wird hochgeladen …</label>
              <progress id="import-hochladen-fortschritt" />
            </>
          ) : null}
        </div>
      </form>
    </section>
  );
}

function ImportList({
  load,
  selectedId,
  onReload,
}: {
  load: Load<{ imports: ImportJob[] }>;
  selectedId: string | null;
  onReload: () => Promise<void>;
}) {
  const jobs = load.data?.imports;
  return (
    <section className="panel" aria-labelledby="import-liste-titel">
      <div className="panel__head">
        <h2 id="import-liste-titel">Frühere Importe</h2>
        <button type="button" className="btn btn-ghost btn-small" onClick={() => void onReload()}>
          Aktualisieren
        </button>
      </div>
      {load.state === 'error' ? (
        <ErrorAlert error={load.error} title="Die Liste der Importe konnte nicht geladen werden." />
      ) : null}
      {!jobs ? (
        load.state === 'loading' ? (
          <p className="loading" role="status">
            Importe werden geladen …
          </p>
        ) : null
      ) : jobs.length === 0 ? (
        <p className="muted" style={{ margin: 0 }}>
          Es wurde noch kein Altbestand importiert.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="data compact import-list" data-testid="import-liste">
            <caption className="visually-hidden">
              Frühere Importe mit Status und Zahlen, die neuesten zuerst
            </caption>
            <thead>
              <tr>
                <th scope="col">Gestartet</th>
                <th scope="col">Datei und Quelle</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Zeilen
                </th>
                <th scope="col" className="num">
                  Übernommen
                </th>
                <th scope="col" className="num">
                  Duplikate
                </th>
                <th scope="col" className="num">
                  Abgelehnt
                </th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => {
                const selected = j.id === selectedId;
                return (
                  <tr key={j.id} data-import-id={j.id} className={selected ? 'is-selected' : undefined}>
                    <td className="nowrap">
                      <Link to={paths.imports(j.id)} aria-current={selected ? 'true' : undefined}>
                        <span className="visually-hidden">Import vom </span>
                        {formatDateTime(j.startedAt)}
                      </Link>
                      <span className="sub">von {j.createdBy}</span>
                    </td>
                    <td>
                      {j.fileName ?? <span className="muted">ohne Dateinamen</span>}
                      <span className="sub">
                        Quelle {j.source} · {FORMAT_LABEL[j.format]}
                      </span>
                    </td>
                    <td>
                      <ImportStatusTag status={j.status} stalled={j.stalledSeconds !== null} />
                    </td>
                    <td className="num">{num.format(j.processedRows)}</td>
                    <td className="num">{num.format(j.accepted)}</td>
                    <td className="num">{num.format(j.duplicates)}</td>
                    <td className="num">{num.format(j.rejected)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function ImportPage({ selectedId }: { selectedId: string | null }) {
  useTitle('Import');
  const [list, reloadList] = useLoad('imports', () => api.imports());

  // Imports started elsewhere (another tab, the CLI) move on too: refresh the list while one runs.
  const anyRunning = list.data?.imports.some((j) => j.status === 'running') ?? false;
  useEffect(() => {
    if (!anyRunning) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void reloadList();
    }, LIST_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [anyRunning, reloadList]);

  // An import opened here (after the upload or from the list) takes the focus, so its progress is read.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (selectedId) document.getElementById('import-detail-titel')?.focus();
  }, [selectedId]);

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Altbestand importieren</h1>
          <p>
            Anliegen aus einem Altsystem mit ihrem ursprünglichen Eingangszeitpunkt übernehmen, etwa nach
            einem Ausfall.
          </p>
        </div>
      </div>

      {selectedId ? (
        <ImportJobPanel key={selectedId} id={selectedId} onSettled={() => void reloadList()} />
      ) : null}

      <div className="import-grid">
        <UploadForm
          onStarted={(id) => {
            navigate(paths.imports(id));
            void reloadList();
          }}
        />
        <ImportFormatHelp />
      </div>

      <ImportList load={list} selectedId={selectedId} onReload={reloadList} />
    </>
  );
}
