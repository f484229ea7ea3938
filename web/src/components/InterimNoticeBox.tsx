import { useState } from 'react';
import { api, type ConcernDetail } from '../api.js';
import { dueInfo, formatDateTime } from '../time.js';

interface Props {
  concern: ConcernDetail;
  mayAct: boolean;
  busy: boolean;
  perform: (run: () => Promise<void>, success: string, onSuccess?: () => void) => Promise<boolean>;
}

/**
 * The Zwischennachricht: when the legal deadline cannot be met with the staff on hand, the insured person
 * gets a reasoned interim notice in time. Here a case worker records that it went out, with an optional
 * note for the history; afterwards the box says when.
 */
export function InterimNoticeBox({ concern, mayAct, busy, perform }: Props) {
  const [note, setNote] = useState('');
  const dueAt = concern.interimNoticeDueAt;
  const sentAt = concern.interimNoticeSentAt;
  if (!dueAt && !sentAt) return null;
  const closed = concern.status === 'erledigt' || concern.status === 'weitergeleitet';

  if (sentAt) {
    return (
      <div className="notice-box notice-box--sent" data-testid="zwischennachricht">
        <p>
          <strong>Zwischennachricht versandt</strong> am {formatDateTime(sentAt)}.
        </p>
      </div>
    );
  }

  const due = dueInfo(dueAt!);
  const noteId = `zn-notiz-${concern.reference}`;
  return (
    <form
      className={`notice-box${due.overdue ? ' notice-box--overdue' : ''}`}
      data-testid="zwischennachricht"
      aria-labelledby="zn-titel"
      onSubmit={(e) => {
        e.preventDefault();
        const trimmed = note.trim();
        void perform(
          () => api.interimNoticeSent(concern.reference, trimmed || undefined),
          'Die Zwischennachricht ist als versandt vermerkt.',
          () => setNote(''),
        );
      }}
    >
      <h3 id="zn-titel">Zwischennachricht bis {formatDateTime(dueAt!)}</h3>
      <p>
        Die Entscheidung ist innerhalb der gesetzlichen Frist voraussichtlich nicht zu schaffen. Bitte
        schicken Sie der versicherten Person rechtzeitig eine begründete Zwischennachricht
        {due.overdue ? <strong> – die Frist dafür ist bereits abgelaufen.</strong> : '.'}
      </p>
      {mayAct && !closed ? (
        <>
          <div className="field">
            <label htmlFor={noteId}>Notiz (optional)</label>
            <span className="hint" id={`${noteId}-hinweis`}>
              Zum Beispiel: Brief mit Begründung am selben Tag versandt. Wird im Verlauf gespeichert.
            </span>
            <textarea
              id={noteId}
              rows={2}
              maxLength={1000}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              aria-describedby={`${noteId}-hinweis`}
            />
          </div>
          <div className="form-buttons">
            <button type="submit" className="btn btn-secondary" disabled={busy}>
              {busy ? 'Wird gespeichert …' : 'Zwischennachricht versandt'}
            </button>
          </div>
        </>
      ) : null}
    </form>
  );
}
