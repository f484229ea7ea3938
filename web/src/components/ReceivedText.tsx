import { formatDate, formatDateTime } from '../time.js';

/** When a concern legally arrived; "nacherfasst" marks a receipt time entered after the fact. */
export function ReceivedText({
  receivedAt,
  source,
  withTime = false,
  stacked = false,
}: {
  receivedAt: string;
  source: 'system' | 'backdated';
  withTime?: boolean;
  /** Puts the marker on its own line (narrow table columns). */
  stacked?: boolean;
}) {
  return (
    <>
      <time dateTime={receivedAt} title={formatDateTime(receivedAt)}>
        {withTime ? formatDateTime(receivedAt) : formatDate(receivedAt)}
      </time>
      {source === 'backdated' ? (
        <>
          {stacked ? <br /> : ' '}
          <span className="tag tag-warn" title="Eingangszeit nachträglich erfasst oder korrigiert">
            nacherfasst
          </span>
        </>
      ) : null}
    </>
  );
}
