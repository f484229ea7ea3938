import type { ConcernSummary } from '../api.js';
import { paths } from '../router.js';
import { formatTime } from '../time.js';
import { ClassBadge } from './ClassBadge.js';
import { DueText } from './DueText.js';
import { InterimNoticeBadge } from './InterimNoticeBadge.js';
import { Link } from './Link.js';
import { ReasonsCell } from './ReasonsCell.js';
import { ReceivedText } from './ReceivedText.js';
import { StatusText } from './StatusText.js';

function Holder({ item }: { item: ConcernSummary }) {
  if (!item.claimedBy) return null;
  const expired = item.leaseExpiresAt !== null && new Date(item.leaseExpiresAt).getTime() <= Date.now();
  return (
    <span className="due__rest">
      {item.claimedBy}
      {item.leaseExpiresAt && item.status === 'in_bearbeitung'
        ? expired
          ? ' · Reservierung abgelaufen'
          : ` · bis ${formatTime(item.leaseExpiresAt)}`
        : null}
    </span>
  );
}

interface Props {
  items: ConcernSummary[];
  caption: string;
  captionHidden?: boolean;
  testId: string;
}

/** Concerns in work order. Each row links to the concern; the link text is the subject. */
export function WorklistTable({ items, caption, captionHidden = true, testId }: Props) {
  return (
    <div className="table-wrap">
      <table className="data worklist" data-testid={testId}>
        <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="col-class">
              Klasse
            </th>
            <th scope="col" className="col-topic">
              Thema
            </th>
            <th scope="col">Betreff</th>
            <th scope="col" className="col-date">
              Eingang
            </th>
            <th scope="col" className="col-due">
              Frist
            </th>
            <th scope="col" className="col-reasons">
              Gründe
            </th>
            <th scope="col" className="col-status">
              Status
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.reference} data-reference={item.reference} data-class={item.priorityClass}>
              <td>
                <ClassBadge value={item.priorityClass} />
              </td>
              <td>{item.topicLabel}</td>
              <td className="subject">
                <Link to={paths.concern(item.reference)}>{item.subject}</Link>
                <span className="ref">{item.reference}</span>
              </td>
              <td className="received">
                <ReceivedText receivedAt={item.receivedAt} source={item.receivedAtSource} stacked />
              </td>
              <td>
                <DueText dueAt={item.dueAt} />
                {item.interimNoticeDueAt ? (
                  <span className="cell-notice">
                    <InterimNoticeBadge dueAt={item.interimNoticeDueAt} sentAt={null} />
                  </span>
                ) : null}
              </td>
              <td className="cell-reasons">
                <ReasonsCell reasons={item.reasons} />
              </td>
              <td>
                <StatusText status={item.status} />
                <Holder item={item} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
