import { dueInfo, formatDate } from '../time.js';

/** The earliest legal deadline with the days left; close or overdue ones are red and say so in words. */
export function DueText({ dueAt }: { dueAt: string | null }) {
  if (!dueAt) return <span className="muted">keine Frist</span>;
  const due = dueInfo(dueAt);
  return (
    <span className={`due${due.urgent ? ' due-urgent' : ''}`}>
      <time dateTime={dueAt}>{formatDate(dueAt)}</time>
      <span className="due__rest due__days">
        {due.urgent ? <span aria-hidden="true">⚠ </span> : null}
        {due.text}
      </span>
    </span>
  );
}
