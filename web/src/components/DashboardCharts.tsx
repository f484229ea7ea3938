/**
 * The dashboard's small charts, drawn here in plain HTML/SVG: no chart library, no canvas. Each chart
 * hides its drawing from screen readers and gives the numbers twice instead: as a one-sentence summary
 * (aria-label of the figure) and as a table anyone can open below the chart.
 */
import type { ReactNode } from 'react';
import type { ClassCounts, Dashboard } from '../api.js';
import { CLASS_LABEL, PRIORITY_CLASSES } from '../labels.js';
import { formatIsoDate } from '../time.js';

const num = new Intl.NumberFormat('de-DE');
const dec = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1 });

function sum(c: ClassCounts): number {
  return PRIORITY_CLASSES.reduce((s, k) => s + c[k], 0);
}

function pct(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(2)}%` : '0%';
}

/** A chart with its summary for screen readers and an expandable table of the same numbers. */
function ChartFigure({
  summary,
  table,
  children,
  className,
}: {
  summary: string;
  table: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={className}>
      <div role="img" aria-label={summary}>
        {children}
      </div>
      <details className="chart-table">
        <summary>Zahlen als Tabelle</summary>
        <div className="table-wrap">{table}</div>
      </details>
    </div>
  );
}

export function ClassLegend() {
  return (
    <ul className="legend" aria-hidden="true">
      {PRIORITY_CLASSES.map((c) => (
        <li key={c}>
          <span className={`swatch swatch-${c}`} />
          {c} {CLASS_LABEL[c]}
        </li>
      ))}
    </ul>
  );
}

/** Open concerns per age bucket, each bar split by class. */
export function AgeChart({ byAge }: { byAge: Dashboard['backlog']['byAge'] }) {
  const max = Math.max(1, ...byAge.map((b) => sum(b.byClass)));
  const summary =
    'Offene Anliegen nach Alter: ' +
    byAge
      .map(
        (b) =>
          `${b.bucket}: ${num.format(sum(b.byClass))} (${PRIORITY_CLASSES.map((c) => `${c} ${num.format(b.byClass[c])}`).join(', ')})`,
      )
      .join('; ') +
    '.';
  return (
    <ChartFigure
      summary={summary}
      table={
        <table className="data compact numbers">
          <caption className="visually-hidden">Offene Anliegen nach Alter und Klasse</caption>
          <thead>
            <tr>
              <th scope="col">Alter</th>
              {PRIORITY_CLASSES.map((c) => (
                <th scope="col" key={c}>
                  {c}
                </th>
              ))}
              <th scope="col">Gesamt</th>
            </tr>
          </thead>
          <tbody>
            {byAge.map((b) => (
              <tr key={b.bucket}>
                <th scope="row">{b.bucket}</th>
                {PRIORITY_CLASSES.map((c) => (
                  <td key={c}>{num.format(b.byClass[c])}</td>
                ))}
                <td>{num.format(sum(b.byClass))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <div className="hbars" aria-hidden="true">
        {byAge.map((b) => {
          const total = sum(b.byClass);
          return (
            <div className="hbar" key={b.bucket}>
              <span className="hbar__label">{b.bucket}</span>
              <span className="hbar__track">
                <span className="hbar__fill" style={{ width: pct(total, max) }}>
                  {PRIORITY_CLASSES.map((c) =>
                    b.byClass[c] > 0 ? (
                      <span
                        key={c}
                        className={`seg seg-${c}`}
                        style={{ width: pct(b.byClass[c], total) }}
                        title={`${b.bucket}, ${c}: ${num.format(b.byClass[c])}`}
                      />
                    ) : null,
                  )}
                </span>
              </span>
              <span className="hbar__value">{num.format(total)}</span>
            </div>
          );
        })}
      </div>
      <ClassLegend />
    </ChartFigure>
  );
}

const TOP_TOPICS = 10;

/** The ten topics with the most open concerns, the rest summed up as "weitere". */
export function TopicChart({ byTopic }: { byTopic: Dashboard['backlog']['byTopic'] }) {
  const sorted = [...byTopic].sort((a, b) => b.count - a.count);
  const top = sorted.slice(0, TOP_TOPICS);
  const rest = sorted.slice(TOP_TOPICS);
  const restCount = rest.reduce((s, t) => s + t.count, 0);
  const rows = [
    ...top.map((t) => ({ key: t.topic, label: t.label, count: t.count, rest: false })),
    ...(rest.length > 0
      ? [
          {
            key: '_weitere',
            label: `weitere ${rest.length} ${rest.length === 1 ? 'Thema' : 'Themen'}`,
            count: restCount,
            rest: true,
          },
        ]
      : []),
  ];
  // Scaled to the largest single topic; the sum of the rest is shown as a number, not as a bar.
  const max = Math.max(1, ...top.map((t) => t.count));
  const summary =
    rows.length === 0
      ? 'Keine offenen Anliegen.'
      : `Offene Anliegen nach Thema: ${rows.map((r) => `${r.label} ${num.format(r.count)}`).join('; ')}.`;
  return (
    <ChartFigure
      summary={summary}
      table={
        <table className="data compact numbers">
          <caption className="visually-hidden">Offene Anliegen nach Thema</caption>
          <thead>
            <tr>
              <th scope="col">Thema</th>
              <th scope="col">Offen</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((t) => (
              <tr key={t.topic}>
                <th scope="row">{t.label}</th>
                <td>{num.format(t.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      {rows.length === 0 ? (
        <p className="muted">Keine offenen Anliegen.</p>
      ) : (
        <div className="hbars hbars--topics" aria-hidden="true">
          {rows.map((r) => (
            <div className={`hbar${r.rest ? ' hbar--rest' : ''}`} key={r.key}>
              <span className="hbar__label" title={r.label}>
                {r.label}
              </span>
              {r.rest ? (
                <span className="hbar__track hbar__track--none">zusammen</span>
              ) : (
                <span className="hbar__track">
                  <span className="hbar__fill hbar__fill--plain" style={{ width: pct(r.count, max) }} />
                </span>
              )}
              <span className="hbar__value">{num.format(r.count)}</span>
            </div>
          ))}
        </div>
      )}
    </ChartFigure>
  );
}

/** A readable upper bound for the y axis (1, 2, 5 × 10ⁿ steps) and its grid lines. */
function niceScale(max: number, lines = 4): { top: number; step: number } {
  const raw = Math.max(max, 1) / lines;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  return { top: step * Math.ceil(Math.max(max, 1) / step), step };
}

function shortDay(day: string): string {
  const m = /^\d{4}-(\d{2})-(\d{2})$/.exec(day);
  return m ? `${m[2]}.${m[1]}.` : day;
}

/** Done (bars) against arrived (line) per day, last 28 days. */
export function ThroughputChart({ days }: { days: Dashboard['throughput'] }) {
  const W = 1200;
  const H = 230;
  const pad = { l: 36, r: 8, t: 10, b: 26 };
  const iw = W - pad.l - pad.r;
  const ih = H - pad.t - pad.b;
  const { top, step } = niceScale(Math.max(0, ...days.flatMap((d) => [d.done, d.arrived])));
  const slot = iw / Math.max(days.length, 1);
  const x = (i: number) => pad.l + slot * i + slot / 2;
  const y = (v: number) => pad.t + ih - (v / top) * ih;
  const done = days.reduce((s, d) => s + d.done, 0);
  const arrived = days.reduce((s, d) => s + d.arrived, 0);
  const n = Math.max(days.length, 1);
  const first = days[0]?.day;
  const last = days[days.length - 1]?.day;
  const summary =
    days.length === 0
      ? 'Noch keine Durchsatzdaten.'
      : `Durchsatz vom ${formatIsoDate(first ?? '')} bis ${formatIsoDate(last ?? '')}: ${num.format(done)} erledigt, ` +
        `${num.format(arrived)} eingegangen; im Mittel ${dec.format(done / n)} erledigt und ` +
        `${dec.format(arrived / n)} eingegangen pro Tag.`;
  const ticks: number[] = [];
  for (let v = 0; v <= top; v += step) ticks.push(v);
  const line = days
    .map((d, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)} ${y(d.arrived).toFixed(1)}`)
    .join(' ');

  return (
    <ChartFigure
      summary={summary}
      table={
        <table className="data compact numbers">
          <caption className="visually-hidden">Erledigt und eingegangen je Tag</caption>
          <thead>
            <tr>
              <th scope="col">Tag</th>
              <th scope="col">Erledigt</th>
              <th scope="col">Eingegangen</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day}>
                <th scope="row">{formatIsoDate(d.day)}</th>
                <td>{num.format(d.done)}</td>
                <td>{num.format(d.arrived)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <ul className="legend" aria-hidden="true">
        <li>
          <span className="swatch swatch-done" />
          erledigt ({num.format(done)})
        </li>
        <li>
          <span className="swatch swatch-arrived" />
          eingegangen ({num.format(arrived)})
        </li>
      </ul>
      <svg
        className="flow-chart"
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="xMidYMid meet"
        aria-hidden="true"
        focusable="false"
      >
        {ticks.map((v) => (
          <g key={v}>
            <line className="grid" x1={pad.l} x2={W - pad.r} y1={y(v)} y2={y(v)} />
            <text className="axis" x={pad.l - 6} y={y(v) + 4} textAnchor="end">
              {num.format(v)}
            </text>
          </g>
        ))}
        {days.map((d, i) => {
          const h = (d.done / top) * ih;
          return (
            <rect
              key={d.day}
              className="bar-done"
              x={x(i) - slot * 0.32}
              width={slot * 0.64}
              y={pad.t + ih - h}
              height={h}
            >
              <title>{`${formatIsoDate(d.day)}: ${d.done} erledigt, ${d.arrived} eingegangen`}</title>
            </rect>
          );
        })}
        <path className="line-arrived" d={line} />
        {days.map((d, i) => (
          <circle key={d.day} className="dot-arrived" cx={x(i)} cy={y(d.arrived)} r={2.6} />
        ))}
        {days.map((d, i) =>
          i % 7 === 0 || i === days.length - 1 ? (
            <text key={d.day} className="axis" x={x(i)} y={H - 8} textAnchor="middle">
              {shortDay(d.day)}
            </text>
          ) : null,
        )}
      </svg>
    </ChartFigure>
  );
}
