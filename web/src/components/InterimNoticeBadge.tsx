import { dueInfo, formatDate } from '../time.js';

interface Props {
  dueAt: string | null;
  sentAt: string | null;
}

/**
 * Whether a Zwischennachricht is due (the decision cannot be made within the legal deadline) or was sent.
 * Text first, colour second; an overdue notice says so in words.
 */
export function InterimNoticeBadge({ dueAt, sentAt }: Props) {
  if (dueAt) {
    const due = dueInfo(dueAt);
    return (
      <span
        className={`tag tag-notice${due.overdue ? ' tag-notice--overdue' : ''}`}
        data-testid="zwischennachricht-faellig"
      >
        Zwischennachricht bis <time dateTime={dueAt}>{formatDate(dueAt)}</time>
        {due.overdue ? ' · überfällig' : null}
      </span>
    );
  }
  if (sentAt) {
    return (
      <span className="tag tag-sent" data-testid="zwischennachricht-versandt">
        Zwischennachricht versandt am <time dateTime={sentAt}>{formatDate(sentAt)}</time>
      </span>
    );
  }
  return null;
}
