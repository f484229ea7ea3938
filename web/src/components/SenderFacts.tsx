import { Fragment } from 'react';
import type { ConcernDetail } from '../api.js';
import { CHANNEL_LABEL, SENDER_LABEL } from '../labels.js';
import { formatDateTime } from '../time.js';
import { ReceivedText } from './ReceivedText.js';

/** Who wrote, how it arrived and when it legally counts as received. */
export function SenderFacts({ concern }: { concern: ConcernDetail }) {
  const s = concern.sender;
  const ids: [string, string | null][] = [
    ['Name', s.name],
    ['E-Mail', s.email],
    ['Telefon', s.phone],
    ['KVNR', s.kvnr],
    ['IK', s.ik],
    ['Betriebsnummer', s.betriebsnummer],
  ];
  return (
    <section className="panel side" aria-labelledby="absender-titel">
      <div className="panel__head">
        <h2 id="absender-titel">Absender und Eingang</h2>
      </div>
      <dl className="facts">
        <dt>Absender</dt>
        <dd>{SENDER_LABEL[s.kind] ?? s.kind}</dd>
        {ids
          .filter(([, v]) => v)
          .map(([label, v]) => (
            <Fragment key={label}>
              <dt>{label}</dt>
              <dd
                className={label === 'Name' || label === 'E-Mail' || label === 'Telefon' ? undefined : 'mono'}
              >
                {v}
              </dd>
            </Fragment>
          ))}
        <dt>Kanal</dt>
        <dd>{CHANNEL_LABEL[concern.channel] ?? concern.channel}</dd>
        <dt>Eingang</dt>
        <dd>
          <ReceivedText receivedAt={concern.receivedAt} source={concern.receivedAtSource} withTime />
          {concern.receivedAtNote ? <span className="due__rest">{concern.receivedAtNote}</span> : null}
        </dd>
        <dt>Erfasst</dt>
        <dd>{formatDateTime(concern.recordedAt)}</dd>
        {concern.forwardedTo ? (
          <>
            <dt>Weitergeleitet an</dt>
            <dd>{concern.forwardedTo}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}
