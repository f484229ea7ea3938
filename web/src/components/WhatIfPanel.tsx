import { useState, type FormEvent } from 'react';
import {
  api,
  chartUrls,
  type ApiError,
  type PriorityClass,
  type ScenarioClass,
  type WhatIfComparison,
  type WhatIfInput,
} from '../api.js';
import { asApiError } from '../hooks.js';
import { CLASS_LABEL, PRIORITY_CLASSES } from '../labels.js';
import { formatIsoDate } from '../time.js';
import { ClassBadge } from './ClassBadge.js';
import { ErrorAlert } from './ErrorAlert.js';
import { FormField } from './FormField.js';

interface Props {
  today: string;
  result: { input: WhatIfInput; comparison: WhatIfComparison } | null;
  onResult: (r: { input: WhatIfInput; comparison: WhatIfComparison } | null) => void;
}

interface Draft {
  extraStaff: string;
  extraStaffFrom: string;
  overtimePercent: string;
  deflectionPercent: string;
  crossFrom: '' | PriorityClass;
  crossTo: '' | PriorityClass;
  crossPercent: string;
}

const EMPTY: Draft = {
  extraStaff: '',
  extraStaffFrom: '',
  overtimePercent: '',
  deflectionPercent: '',
  crossFrom: '',
  crossTo: '',
  crossPercent: '50',
};

type Problems = Partial<Record<keyof Draft | 'form', string>>;

/** German decimals ("1,5") as well as "1.5"; undefined for an empty field, NaN for nonsense. */
function readNumber(v: string): number | undefined {
  const t = v.trim().replace(/\s/g, '').replace(',', '.');
  if (t === '') return undefined;
  return /^\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
}

function check(d: Draft): { problems: Problems; input: WhatIfInput } {
  const problems: Problems = {};
  const input: WhatIfInput = {};
  const range = (key: keyof Draft, min: number, max: number, what: string) => {
    const n = readNumber(d[key]);
    if (n === undefined) return undefined;
    if (Number.isNaN(n) || n < min || n > max) {
      problems[key] = `Bitte geben Sie ${what} zwischen ${min} und ${max} ein.`;
      return undefined;
    }
    return n;
  };
  const staff = range('extraStaff', 0, 10000, 'eine Zahl');
  if (staff !== undefined && staff > 0) {
    input.extraStaff = staff;
    if (d.extraStaffFrom) input.extraStaffFrom = d.extraStaffFrom;
  }
  if (d.extraStaffFrom && !/^\d{4}-\d{2}-\d{2}$/.test(d.extraStaffFrom)) {
    problems.extraStaffFrom = 'Bitte geben Sie ein vollständiges Datum ein.';
  }
  const overtime = range('overtimePercent', 0, 100, 'einen Prozentwert');
  if (overtime) input.overtimePercent = overtime;
  const deflection = range('deflectionPercent', 0, 90, 'einen Prozentwert');
  if (deflection) input.deflectionPercent = deflection;
  if (d.crossFrom || d.crossTo) {
    if (!d.crossFrom || !d.crossTo) {
      problems.crossTo = 'Bitte wählen Sie beide Klassen oder keine.';
    } else if (d.crossFrom === d.crossTo) {
      problems.crossTo = 'Bitte wählen Sie zwei verschiedene Klassen.';
    } else {
      const share = range('crossPercent', 1, 100, 'einen Prozentwert');
      if (share !== undefined) {
        input.crossFrom = d.crossFrom;
        input.crossTo = d.crossTo;
        input.crossShare = Math.round(share) / 100;
      } else if (!problems.crossPercent) {
        problems.crossPercent = 'Bitte geben Sie den Anteil in Prozent an.';
      }
    }
  }
  if (Object.keys(problems).length === 0 && Object.keys(input).length === 0) {
    problems.form = 'Bitte stellen Sie mindestens eine Maßnahme ein.';
  }
  return { problems, input };
}

const num = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 2 });

export function describeWhatIf(w: WhatIfInput): string {
  const parts: string[] = [];
  if (w.extraStaff)
    parts.push(
      `${num.format(w.extraStaff)} zusätzliche Vollzeitkräfte${w.extraStaffFrom ? ` ab ${formatIsoDate(w.extraStaffFrom)}` : ' ab sofort'}`,
    );
  if (w.overtimePercent) parts.push(`${num.format(w.overtimePercent)} % Mehrarbeit`);
  if (w.deflectionPercent) parts.push(`${num.format(w.deflectionPercent)} % weniger Eingang`);
  if (w.crossFrom && w.crossTo)
    parts.push(
      `${num.format((w.crossShare ?? 0.5) * 100)} % der ${w.crossFrom}-Kapazität hilft bei ${w.crossTo}`,
    );
  return parts.join(', ');
}

function dateOrOpen(date: string | null) {
  return date ? (
    <time dateTime={date}>{formatIsoDate(date)}</time>
  ) : (
    <span className="muted">nicht absehbar</span>
  );
}

function Saved({ base, next }: { base: ScenarioClass; next: ScenarioClass }) {
  const s = next.savedDays.p85;
  if (s !== null) {
    if (s > 0)
      return <span className="gain">{s === 1 ? '1 Tag früher' : `${num.format(s)} Tage früher`}</span>;
    if (s < 0)
      return <span className="loss">{s === -1 ? '1 Tag später' : `${num.format(-s)} Tage später`}</span>;
    return <span className="muted">unverändert</span>;
  }
  if (!base.p85 && next.p85) return <span className="gain">jetzt absehbar</span>;
  if (base.p85 && !next.p85) return <span className="loss">nicht mehr absehbar</span>;
  return <span className="muted">weiterhin nicht absehbar</span>;
}

function ComparisonTable({ comparison }: { comparison: WhatIfComparison }) {
  const scenario = comparison.scenarios[0];
  if (!scenario) return null;
  const rows = comparison.baseline.classes.map((b) => ({
    base: b,
    next: scenario.classes.find((c) => c.key === b.key),
  }));
  return (
    <div className="table-wrap">
      <table className="data compact forecast-table" data-testid="was-waere-wenn-vergleich">
        <caption>
          Voraussichtlich abgebaut in 85 von 100 simulierten Verläufen, ohne und mit den Maßnahmen.
        </caption>
        <thead>
          <tr>
            <th scope="col">Klasse</th>
            <th scope="col">Ohne Maßnahmen</th>
            <th scope="col">Mit Maßnahmen</th>
            <th scope="col">Gewinn</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ base, next }) =>
            next ? (
              <tr key={base.key} data-class={base.key}>
                <th scope="row">
                  {(PRIORITY_CLASSES as readonly string[]).includes(base.key) ? (
                    <ClassBadge value={base.key as PriorityClass} />
                  ) : (
                    base.label
                  )}
                </th>
                <td>{dateOrOpen(base.p85)}</td>
                <td className="strong">{dateOrOpen(next.p85)}</td>
                <td>
                  <Saved base={base} next={next} />
                </td>
              </tr>
            ) : null,
          )}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Alle Klassen</th>
            <td>{dateOrOpen(comparison.baseline.overall.p85)}</td>
            <td className="strong">{dateOrOpen(scenario.overall.p85)}</td>
            <td>
              <Saved base={comparison.baseline.overall} next={scenario.overall} />
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function whatIfAlt(comparison: WhatIfComparison): string {
  const s = comparison.scenarios[0];
  const base = comparison.baseline.overall.p85;
  const next = s?.overall.p85 ?? null;
  const show = (d: string | null) => (d ? `bis ${formatIsoDate(d)}` : 'nicht absehbar');
  return `Vergleich der Abbauprognosen (85 von 100 Verläufen): ohne Maßnahmen ${show(base)}, mit Maßnahmen ${show(next)}.`;
}

/** What if: extra staff from a date, overtime, deflection, cross-training – against today's forecast. */
export function WhatIfPanel({ today, result, onResult }: Props) {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [problems, setProblems] = useState<Problems>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const fieldError = (key: keyof Draft, serverKey: string = key) =>
    problems[key] ?? error?.fieldMessage(serverKey);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const { problems: p, input } = check(draft);
    setProblems(p);
    setError(undefined);
    if (Object.keys(p).length > 0) return;
    setBusy(true);
    try {
      const { comparison } = await api.whatIf(input);
      onResult({ input, comparison });
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  const numberField = (
    key: 'extraStaff' | 'overtimePercent' | 'deflectionPercent' | 'crossPercent',
    id: string,
    label: string,
    hint: string,
    unit: string,
    serverKey: string = key,
  ) => (
    <FormField id={id} label={label} hint={hint} error={fieldError(key, serverKey)}>
      {(describedBy, invalid) => (
        <span className="unit-input">
          <input
            id={id}
            type="text"
            inputMode="decimal"
            autoComplete="off"
            value={draft[key]}
            onChange={(e) => set(key, e.target.value)}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
          />
          <span className="unit-input__unit" aria-hidden="true">
            {unit}
          </span>
        </span>
      )}
    </FormField>
  );

  return (
    <section className="panel" aria-labelledby="was-waere-wenn-titel">
      <div className="panel__head">
        <h2 id="was-waere-wenn-titel">Was wäre, wenn …?</h2>
        <span className="muted">Szenario gegen die heutige Prognose rechnen</span>
      </div>
      <form
        className="whatif-form"
        onSubmit={(e) => void submit(e)}
        noValidate
        aria-labelledby="was-waere-wenn-titel"
      >
        {problems.form ? (
          <div className="alert alert-error" role="alert">
            <p>{problems.form}</p>
          </div>
        ) : null}
        <ErrorAlert error={error} />
        <div className="whatif-grid">
          <fieldset>
            <legend>Mehr Personal</legend>
            {numberField(
              'extraStaff',
              'wi-personal',
              'Zusätzliche Vollzeitkräfte',
              'z. B. 2 oder 1,5',
              'VZÄ',
            )}
            <FormField
              id="wi-ab"
              label="Ab"
              hint="Leer lassen: ab sofort."
              error={fieldError('extraStaffFrom')}
            >
              {(describedBy, invalid) => (
                <input
                  id="wi-ab"
                  type="date"
                  min={today}
                  value={draft.extraStaffFrom}
                  onChange={(e) => set('extraStaffFrom', e.target.value)}
                  aria-describedby={describedBy}
                  aria-invalid={invalid || undefined}
                />
              )}
            </FormField>
          </fieldset>
          <fieldset>
            <legend>Mehr Leistung, weniger Eingang</legend>
            {numberField(
              'overtimePercent',
              'wi-mehrarbeit',
              'Mehrarbeit',
              'Zusätzliche Leistung des jetzigen Teams, 0 bis 100 %.',
              '%',
            )}
            {numberField(
              'deflectionPercent',
              'wi-entlastung',
              'Weniger Eingang',
              'Anteil, der anders beantwortet wird (z. B. Chatbot), 0 bis 90 %.',
              '%',
            )}
          </fieldset>
          <fieldset>
            <legend>Querschulung</legend>
            <div className="field-row">
              <FormField id="wi-von" label="Hilfe aus Klasse">
                {(describedBy) => (
                  <select
                    id="wi-von"
                    value={draft.crossFrom}
                    onChange={(e) => set('crossFrom', e.target.value as Draft['crossFrom'])}
                    aria-describedby={describedBy}
                  >
                    <option value="">keine</option>
                    {PRIORITY_CLASSES.map((c) => (
                      <option key={c} value={c}>
                        {c} – {CLASS_LABEL[c]}
                      </option>
                    ))}
                  </select>
                )}
              </FormField>
              <FormField id="wi-nach" label="für Klasse" error={fieldError('crossTo')}>
                {(describedBy, invalid) => (
                  <select
                    id="wi-nach"
                    value={draft.crossTo}
                    onChange={(e) => set('crossTo', e.target.value as Draft['crossTo'])}
                    aria-describedby={describedBy}
                    aria-invalid={invalid || undefined}
                  >
                    <option value="">keine</option>
                    {PRIORITY_CLASSES.map((c) => (
                      <option key={c} value={c}>
                        {c} – {CLASS_LABEL[c]}
                      </option>
                    ))}
                  </select>
                )}
              </FormField>
            </div>
            {numberField(
              'crossPercent',
              'wi-anteil',
              'Anteil der Kapazität',
              'Wie viel der freien Kapazität hilft aus, 1 bis 100 %.',
              '%',
              'crossShare',
            )}
          </fieldset>
        </div>
        <div className="form-buttons">
          <button type="submit" className="btn" disabled={busy}>
            {busy ? 'Wird berechnet …' : 'Szenario berechnen'}
          </button>
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() => {
              setDraft(EMPTY);
              setProblems({});
              setError(undefined);
              onResult(null);
            }}
          >
            Zurücksetzen
          </button>
        </div>
      </form>

      <div aria-live="polite">
        {result ? (
          <div className="whatif-result">
            <h3>Ergebnis</h3>
            <p className="muted" style={{ marginTop: '0.25rem' }}>
              {describeWhatIf(result.input)}. Die Abbauprognose oben zeigt jetzt dieses Szenario.
            </p>
            <ComparisonTable comparison={result.comparison} />
            <figure className="chart-figure">
              <img
                className="chart-img"
                src={chartUrls.whatIf(result.input)}
                alt={whatIfAlt(result.comparison)}
                data-testid="was-waere-wenn-diagramm"
              />
            </figure>
          </div>
        ) : null}
      </div>
    </section>
  );
}
