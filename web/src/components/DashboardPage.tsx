/**
 * Übersicht for the Teamleitung: how much is open and how old, which deadlines and interim notices are
 * coming, what was done against what arrived, and when the backlog will be gone – with a what-if for extra
 * staff, overtime, deflection and cross-training.
 */
import { useEffect, useState } from 'react';
import {
  api,
  chartUrls,
  type ClassClearance,
  type Dashboard,
  type DueItem,
  type WhatIfComparison,
  type WhatIfInput,
} from '../api.js';
import { useLoad, useTitle } from '../hooks.js';
import { deadlineKindLabel, PRIORITY_CLASSES } from '../labels.js';
import { paths } from '../router.js';
import { formatDateTime, formatIsoDate } from '../time.js';
import { ClassBadge } from './ClassBadge.js';
import { AgeChart, ThroughputChart, TopicChart } from './DashboardCharts.js';
import { DueText } from './DueText.js';
import { ErrorAlert } from './ErrorAlert.js';
import { Link } from './Link.js';
import { describeWhatIf, WhatIfPanel } from './WhatIfPanel.js';

const num = new Intl.NumberFormat('de-DE');

/** A clearance date, or the honest answer when the simulation does not see one within a year. */
export function ClearanceDate({ date }: { date: string | null }) {
  if (!date) return <span className="muted">nicht absehbar</span>;
  return <time dateTime={date}>{formatIsoDate(date)}</time>;
}

function KeyFigures({ d }: { d: Dashboard }) {
  return (
    <section aria-labelledby="kennzahlen-titel" className="kpis-section">
      <h2 id="kennzahlen-titel" className="visually-hidden">
        Kennzahlen
      </h2>
      <ul className="kpis">
        <li className="kpi kpi--wide" data-testid="kennzahl-offen">
          <span className="kpi__label">Offene Anliegen</span>
          <span className="kpi__value" data-testid="offen-gesamt">
            {num.format(d.backlog.total)}
          </span>
          <ul className="kpi__classes" aria-label="Offene Anliegen nach Klasse">
            {PRIORITY_CLASSES.map((c) => (
              <li key={c} data-class={c}>
                <ClassBadge value={c} compact />
                <span className="kpi__count" data-testid={`offen-${c}`}>
                  {num.format(d.backlog.byClass[c])}
                </span>
              </li>
            ))}
          </ul>
        </li>
        <li className="kpi" data-testid="kennzahl-fristen">
          <span className="kpi__label">Gesetzliche Fristen</span>
          <span className={`kpi__value${d.deadlines.overdue > 0 ? ' kpi__value--bad' : ''}`}>
            {num.format(d.deadlines.overdue)}
            <span className="kpi__unit"> überfällig</span>
          </span>
          <span className="kpi__sub">
            {num.format(d.deadlines.next3Days)} in den nächsten 3 Tagen · {num.format(d.deadlines.next7Days)}{' '}
            in 7 Tagen
          </span>
        </li>
        <li className="kpi" data-testid="kennzahl-zwischennachrichten">
          <span className="kpi__label">Zwischennachrichten fällig</span>
          <span className={`kpi__value${d.interimNotices.overdue > 0 ? ' kpi__value--bad' : ''}`}>
            {num.format(d.interimNotices.due)}
          </span>
          <span className="kpi__sub">
            {d.interimNotices.overdue > 0
              ? `davon ${num.format(d.interimNotices.overdue)} überfällig`
              : 'keine überfällig'}
          </span>
        </li>
        <li className="kpi" data-testid="kennzahl-personal">
          <span className="kpi__label">Sachbearbeitung</span>
          <span className="kpi__value">{num.format(d.staff)}</span>
          <span className="kpi__sub">aktive Mitarbeitende (Grundlage der Prognose)</span>
        </li>
      </ul>
    </section>
  );
}

const LIST_PREVIEW = 8;

function DueList({
  id,
  title,
  items,
  total,
  dueHeader,
  empty,
  extra,
  testId,
}: {
  id: string;
  title: string;
  items: DueItem[];
  total: number;
  dueHeader: string;
  empty: string;
  extra?: string | undefined;
  testId: string;
}) {
  const [all, setAll] = useState(false);
  const shown = all ? items : items.slice(0, LIST_PREVIEW);
  return (
    <section className="panel" aria-labelledby={id}>
      <div className="panel__head">
        <h2 id={id}>{title}</h2>
        <span className="muted">
          {items.length < total
            ? `die ersten ${num.format(items.length)} von ${num.format(total)}`
            : `${num.format(total)} Anliegen`}
        </span>
      </div>
      {extra ? <p className="panel__note">{extra}</p> : null}
      {items.length === 0 ? (
        <p className="muted" style={{ margin: 0 }}>
          {empty}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="data compact due-list" data-testid={testId}>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col" style={{ width: '4.5rem' }}>
                  Klasse
                </th>
                <th scope="col">Vorgang und Thema</th>
                <th scope="col" style={{ width: '9.5rem' }}>
                  {dueHeader}
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((item) => {
                const kind = deadlineKindLabel(item.kind);
                return (
                  <tr key={item.reference} data-reference={item.reference}>
                    <td>
                      <ClassBadge value={item.priorityClass} compact />
                    </td>
                    <td>
                      <Link to={paths.concern(item.reference)} className="mono-link">
                        {item.reference}
                      </Link>
                      <span className="sub">
                        {item.topicLabel}
                        {kind ? ` · ${kind}` : ''}
                      </span>
                    </td>
                    <td>
                      <DueText dueAt={item.dueAt} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {items.length > LIST_PREVIEW ? (
            <div className="list-foot">
              <span className="muted">
                {num.format(shown.length)} von {num.format(items.length)} angezeigt
              </span>
              <button type="button" className="btn btn-ghost btn-small" onClick={() => setAll(!all)}>
                {all ? 'Weniger anzeigen' : `Alle ${num.format(items.length)} anzeigen`}
              </button>
            </div>
          ) : null}
        </div>
      )}
    </section>
  );
}

/** One sentence for the burn-down image: when the whole backlog is gone in 85 of 100 runs. */
function burndownAlt(backlog: number, p85: string | null, scenario: boolean): string {
  const lead = scenario ? 'Abbauprognose mit dem gewählten Szenario' : 'Abbauprognose der offenen Anliegen';
  return p85
    ? `${lead}: Der Bestand von ${num.format(backlog)} Anliegen ist mit 85 % Wahrscheinlichkeit bis ${formatIsoDate(p85)} abgebaut.`
    : `${lead}: Für den Bestand von ${num.format(backlog)} Anliegen ist innerhalb eines Jahres kein Abbaudatum mit 85 % Sicherheit absehbar.`;
}

function ForecastTable({
  classes,
  overall,
}: {
  classes: ClassClearance[];
  overall: Dashboard['forecast']['overall'];
}) {
  const notes = classes.map((c) => c.note).filter((n): n is string => Boolean(n));
  const sharedNote = notes.length === classes.length && new Set(notes).size === 1 ? notes[0] : undefined;
  return (
    <>
      <div className="table-wrap">
        <table className="data compact forecast-table" data-testid="prognose">
          <caption>
            Voraussichtlich abgebaut am … – in 50, 85 bzw. 95 von 100 simulierten Verläufen ist der Bestand
            bis zu diesem Tag abgebaut.
          </caption>
          <thead>
            <tr>
              <th scope="col">Klasse</th>
              <th scope="col" className="num">
                Bestand
              </th>
              <th scope="col">50 %</th>
              <th scope="col">85 %</th>
              <th scope="col">95 %</th>
              {sharedNote ? null : <th scope="col">Hinweis</th>}
            </tr>
          </thead>
          <tbody>
            {classes.map((c) => (
              <tr key={c.key}>
                <th scope="row">
                  {(PRIORITY_CLASSES as readonly string[]).includes(c.key) ? (
                    <ClassBadge value={c.key as (typeof PRIORITY_CLASSES)[number]} />
                  ) : (
                    c.label
                  )}
                </th>
                <td className="num">{num.format(c.backlog)}</td>
                <td>
                  <ClearanceDate date={c.p50} />
                </td>
                <td className="strong">
                  <ClearanceDate date={c.p85} />
                </td>
                <td>
                  <ClearanceDate date={c.p95} />
                </td>
                {sharedNote ? null : <td className="note-cell">{c.note ?? ''}</td>}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Alle Klassen</th>
              <td className="num">{num.format(overall.backlog)}</td>
              <td>
                <ClearanceDate date={overall.p50} />
              </td>
              <td className="strong">
                <ClearanceDate date={overall.p85} />
              </td>
              <td>
                <ClearanceDate date={overall.p95} />
              </td>
              {sharedNote ? null : <td />}
            </tr>
          </tfoot>
        </table>
      </div>
      {sharedNote ? (
        <p className="forecast-note" role="note">
          {sharedNote}
        </p>
      ) : null}
    </>
  );
}

function BurndownImage({ whatIf, alt }: { whatIf: WhatIfInput | null; alt: string }) {
  const src = chartUrls.burndown(whatIf ?? {});
  const [failed, setFailed] = useState<string>();
  return failed === src ? (
    <p className="alert alert-warn">
      Das Diagramm konnte nicht geladen werden. Die Zahlen stehen in der Tabelle.
    </p>
  ) : (
    <img
      className="chart-img"
      src={src}
      alt={alt}
      width={1000}
      height={520}
      data-testid="abbau-diagramm"
      onError={() => setFailed(src)}
    />
  );
}

export function DashboardPage() {
  useTitle('Übersicht');
  const [load, reload] = useLoad('dashboard', () => api.dashboard());
  const [scenario, setScenario] = useState<{ input: WhatIfInput; comparison: WhatIfComparison } | null>(null);

  // The aggregates are refreshed on the server every few minutes; follow them while the tab is visible.
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void reload();
    }, 5 * 60_000);
    return () => window.clearInterval(timer);
  }, [reload]);

  const d = load.data;
  if (!d) {
    return (
      <>
        <h1>Übersicht</h1>
        {load.state === 'error' ? (
          <ErrorAlert error={load.error} title="Die Übersicht konnte nicht geladen werden." />
        ) : (
          <p className="loading" role="status">
            Übersicht wird geladen …
          </p>
        )}
      </>
    );
  }

  const scenarioOverall = scenario?.comparison.scenarios[0]?.overall;
  const alt = scenario
    ? burndownAlt(d.forecast.overall.backlog, scenarioOverall?.p85 ?? null, true)
    : burndownAlt(d.forecast.overall.backlog, d.forecast.overall.p85, false);

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Übersicht</h1>
          <p>Bestand, Fristen und Abbauprognose des Teams.</p>
        </div>
        <div className="stand">
          <span>
            Stand: <time dateTime={d.snapshotAt}>{formatDateTime(d.snapshotAt)}</time>
          </span>
          <span className="muted">Die Zahlen werden alle paar Minuten neu berechnet.</span>
          <button
            type="button"
            className="btn btn-ghost btn-small"
            onClick={() => void reload()}
            disabled={load.state === 'loading'}
          >
            {load.state === 'loading' ? 'Wird aktualisiert …' : 'Aktualisieren'}
          </button>
        </div>
      </div>

      {load.state === 'error' ? (
        <ErrorAlert error={load.error} title="Der aktuelle Stand konnte nicht geladen werden." />
      ) : null}

      <KeyFigures d={d} />

      <div className="dash-grid">
        <section className="panel" aria-labelledby="alter-titel">
          <div className="panel__head">
            <h2 id="alter-titel">Bestand nach Alter</h2>
            <span className="muted">seit Eingang</span>
          </div>
          <AgeChart byAge={d.backlog.byAge} />
        </section>
        <section className="panel" aria-labelledby="thema-titel">
          <div className="panel__head">
            <h2 id="thema-titel">Bestand nach Thema</h2>
            <span className="muted">die 10 häufigsten</span>
          </div>
          <TopicChart byTopic={d.backlog.byTopic} />
        </section>
      </div>

      <section className="panel" aria-labelledby="durchsatz-titel">
        <div className="panel__head">
          <h2 id="durchsatz-titel">Erledigt und eingegangen</h2>
          <span className="muted">je Tag, letzte {d.throughput.length} Tage</span>
        </div>
        <ThroughputChart days={d.throughput} />
      </section>

      <div className="dash-grid">
        <DueList
          id="fristen-liste-titel"
          title="Fristen in Gefahr (nächste 7 Tage)"
          items={d.deadlines.items}
          total={d.deadlines.next7Days}
          dueHeader="Frist"
          empty="In den nächsten 7 Tagen läuft keine gesetzliche Frist ab."
          extra={
            d.deadlines.overdue > 0
              ? `Dazu kommen ${num.format(d.deadlines.overdue)} bereits überfällige Fristen; sie stehen in der Arbeitsliste oben.`
              : undefined
          }
          testId="liste-fristen"
        />
        <DueList
          id="zn-liste-titel"
          title="Fällige Zwischennachrichten"
          items={d.interimNotices.items}
          total={d.interimNotices.due}
          dueHeader="Zwischen­nachricht bis"
          empty="Zurzeit ist keine Zwischennachricht fällig."
          extra="Für diese Anliegen ist die Entscheidung in der Frist nicht zu schaffen: Die versicherte Person braucht rechtzeitig eine begründete Zwischennachricht."
          testId="liste-zwischennachrichten"
        />
      </div>

      <section className="panel" aria-labelledby="prognose-titel">
        <div className="panel__head">
          <h2 id="prognose-titel">Abbauprognose</h2>
          <span className="muted">
            {num.format(d.forecast.runs)} simulierte Verläufe aus dem Durchsatz der letzten Wochen, Stand{' '}
            {formatIsoDate(d.forecast.today)}
          </span>
        </div>
        {d.forecast.note ? (
          <p className="alert alert-info" role="note">
            {d.forecast.note}
          </p>
        ) : null}
        <ForecastTable classes={d.forecast.classes} overall={d.forecast.overall} />
        <figure className="chart-figure">
          {scenario ? (
            <p className="scenario-note">
              <span className="tag tag-info">Szenario</span> Das Diagramm zeigt den Verlauf mit{' '}
              {describeWhatIf(scenario.input)}. Die Tabelle darüber bleibt bei der heutigen Lage.
            </p>
          ) : null}
          <BurndownImage whatIf={scenario?.input ?? null} alt={alt} />
          <figcaption className="muted">
            {scenario
              ? 'Verlauf des Bestands mit dem unten gewählten Szenario. Linie: mittlerer Verlauf; Band: 15 bis 85 von 100 Verläufen.'
              : 'Verlauf des Bestands ohne Maßnahmen. Linie: mittlerer Verlauf; Band: 15 bis 85 von 100 Verläufen.'}
          </figcaption>
        </figure>
      </section>

      <WhatIfPanel today={d.forecast.today} onResult={setScenario} result={scenario} />
    </>
  );
}
