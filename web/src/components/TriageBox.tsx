import type { ConcernDetail } from '../api.js';
import { isGerman, languageLabel, reasonKindLabel } from '../labels.js';
import { ClassBadge } from './ClassBadge.js';

/** What the triage decided and why; the reasons are the evidence a case worker can check. */
export function TriageBox({ concern }: { concern: ConcernDetail }) {
  const pct = Math.round((concern.confidence <= 1 ? concern.confidence * 100 : concern.confidence) || 0);
  return (
    <section className="panel side" aria-labelledby="triage-titel">
      <div className="panel__head">
        <h2 id="triage-titel">Einordnung</h2>
        {concern.triageOverridden ? <span className="tag tag-info">manuell geändert</span> : null}
      </div>
      <dl className="facts">
        <dt>Klasse</dt>
        <dd>
          <ClassBadge value={concern.priorityClass} />
        </dd>
        <dt>Thema</dt>
        <dd>{concern.topicLabel}</dd>
        <dt>Sicherheit</dt>
        <dd>
          {pct} %
          <span className="meter" aria-hidden="true">
            <span style={{ width: `${Math.max(0, Math.min(100, pct))}%` }} />
          </span>
        </dd>
        <dt>Sprache</dt>
        <dd>
          {languageLabel(concern.language)}
          {!isGerman(concern.language) ? (
            <>
              {' '}
              <span className="tag tag-warn">nicht Deutsch – ggf. Übersetzung nötig</span>
            </>
          ) : null}
        </dd>
      </dl>
      {concern.reasons.length > 0 ? (
        <>
          <h3 style={{ marginTop: '0.9rem' }}>Gründe</h3>
          <ul className="triage-reasons">
            {concern.reasons.map((r, i) => (
              <li key={i}>
                <span className="visually-hidden">{reasonKindLabel(r.kind)}: </span>
                {r.text}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p className="muted" style={{ margin: '0.75rem 0 0', fontSize: '0.8rem' }}>
        Regelwerk {concern.triageVersion}
      </p>
    </section>
  );
}
