import type { Reason } from '../api.js';

/** First triage reason in full; the others behind a native, keyboard-usable disclosure. */
export function ReasonsCell({ reasons }: { reasons: Reason[] }) {
  const [first, ...rest] = reasons;
  if (!first) return <span className="muted">–</span>;
  if (rest.length === 0) return <span>{first.text}</span>;
  return (
    <details className="reasons">
      <summary title={reasons.map((r) => r.text).join('\n')}>
        {first.text}
        <span className="more">
          {rest.length === 1 ? '+1 weiterer Grund' : `+${rest.length} weitere Gründe`}
        </span>
      </summary>
      <ul>
        {rest.map((r, i) => (
          <li key={i}>{r.text}</li>
        ))}
      </ul>
    </details>
  );
}
