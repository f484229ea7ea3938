import type { HistoryEntry } from '../api.js';
import { CHANNEL_LABEL, CLASS_LABEL, fieldLabel, historyActionLabel, STATUS_LABEL } from '../labels.js';
import { formatDateTime } from '../time.js';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function show(field: string, value: unknown, topicLabels: Record<string, string>): string {
  if (value === null || value === undefined || value === '') return '–';
  if (field === 'topic' && typeof value === 'string') return topicLabels[value] ?? value;
  if (field === 'channel' && typeof value === 'string') return CHANNEL_LABEL[value] ?? value;
  if (field === 'receivedAtSource' && typeof value === 'string')
    return value === 'backdated' ? 'nacherfasst' : 'automatisch';
  if (field === 'priorityClass' && typeof value === 'string' && value in CLASS_LABEL) {
    return `${value} (${CLASS_LABEL[value as keyof typeof CLASS_LABEL]})`;
  }
  if (field === 'status' && typeof value === 'string' && value in STATUS_LABEL) {
    return STATUS_LABEL[value as keyof typeof STATUS_LABEL];
  }
  if (typeof value === 'string' && ISO_INSTANT.test(value)) return formatDateTime(value);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return JSON.stringify(value);
}

/** Snapshot fields that say nothing to a case worker. */
const HIDDEN = new Set(['reference', 'triageVersion']);

interface Change {
  field: string;
  before?: string;
  after: string;
}

/** Fields that changed, as "Label: before → after"; a first entry (no before) lists the values. */
function changes(entry: HistoryEntry, topicLabels: Record<string, string>): Change[] {
  const before = entry.before;
  const after = entry.after ?? {};
  return Object.keys(after)
    .filter((f) => !HIDDEN.has(f))
    .filter((f) => !before || JSON.stringify(before[f]) !== JSON.stringify(after[f]))
    .map((f) => ({
      field: f,
      ...(before ? { before: show(f, before[f], topicLabels) } : {}),
      after: show(f, after[f], topicLabels),
    }));
}

export function HistoryTimeline({
  history,
  topicLabels,
}: {
  history: HistoryEntry[];
  topicLabels: Record<string, string>;
}) {
  return (
    <section className="panel" aria-labelledby="verlauf-titel">
      <div className="panel__head">
        <h2 id="verlauf-titel">Verlauf</h2>
      </div>
      {history.length === 0 ? (
        <p className="muted" style={{ margin: 0 }}>
          Noch keine Einträge.
        </p>
      ) : (
        <ol className="timeline">
          {history.map((h, i) => (
            <li key={i}>
              <div className="timeline__head">
                <span className="timeline__action">{historyActionLabel(h.action)}</span>
                <span className="timeline__meta">
                  <time dateTime={h.at}>{formatDateTime(h.at)}</time> · {h.actor}
                </span>
              </div>
              {changes(h, topicLabels).map((c) => (
                <div className="timeline__change" key={c.field}>
                  {fieldLabel(c.field)}:{' '}
                  {c.before !== undefined ? (
                    <>
                      {c.before} <span aria-hidden="true">→</span>
                      <span className="visually-hidden">geändert zu</span>{' '}
                    </>
                  ) : null}
                  <strong>{c.after}</strong>
                </div>
              ))}
              {h.reason ? <div className="timeline__reason">Begründung: „{h.reason}“</div> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
