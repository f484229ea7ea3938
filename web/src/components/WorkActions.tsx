import { useState } from 'react';
import { api, type ApiError, type ConcernDetail, type Me, type SimpleStep, type Taxonomy } from '../api.js';
import { availableActions, holding } from '../actions.js';
import { formatTime } from '../time.js';
import { ForwardForm, ReceivedAtForm, ReclassifyForm, WaitForm } from './ActionForms.js';
import { ErrorAlert } from './ErrorAlert.js';
import { InterimNoticeBox } from './InterimNoticeBox.js';

type OpenForm = 'wait' | 'forward' | 'reclassify' | 'receivedAt' | null;

interface Props {
  concern: ConcernDetail;
  me: Me;
  taxonomy: Taxonomy | undefined;
  busy: boolean;
  error: ApiError | undefined;
  perform: (run: () => Promise<void>, success: string, onSuccess?: () => void) => Promise<boolean>;
  clearMessages: () => void;
}

const SIMPLE: Record<SimpleStep, { label: string; done: string; className: string }> = {
  claim: { label: 'Übernehmen', done: 'Sie haben das Anliegen übernommen.', className: 'btn' },
  renew: { label: 'Verlängern', done: 'Die Reservierung wurde verlängert.', className: 'btn btn-secondary' },
  release: {
    label: 'Freigeben',
    done: 'Das Anliegen ist wieder in der Arbeitsliste.',
    className: 'btn btn-ghost',
  },
  resume: {
    label: 'Wieder aufnehmen',
    done: 'Das Anliegen ist wieder in der Arbeitsliste.',
    className: 'btn',
  },
  complete: { label: 'Erledigt', done: 'Das Anliegen ist erledigt.', className: 'btn btn-ok' },
};

function HolderNote({ concern }: { concern: ConcernDetail }) {
  const h = holding(concern);
  const until = concern.leaseExpiresAt ? ` Reserviert bis ${formatTime(concern.leaseExpiresAt)}.` : '';
  let text: string;
  switch (concern.status) {
    case 'neu':
      text = 'Noch von niemandem übernommen.';
      break;
    case 'in_bearbeitung':
      text = h.mine
        ? `Sie bearbeiten dieses Anliegen.${until}`
        : h.leaseExpired
          ? `Die Reservierung von ${concern.claimedBy ?? 'jemand anderem'} ist abgelaufen. Sie können das Anliegen übernehmen.`
          : `Wird von ${concern.claimedBy ?? 'jemand anderem'} bearbeitet.${until}`;
      break;
    case 'wartet':
      text = h.mine
        ? 'Wartet auf Rückmeldung. Sie halten dieses Anliegen.'
        : `Wartet auf Rückmeldung${concern.claimedBy ? ` (gehalten von ${concern.claimedBy})` : ''}.`;
      break;
    case 'erledigt':
      text = 'Dieses Anliegen ist erledigt.';
      break;
    case 'weitergeleitet':
      text = `Weitergeleitet${concern.forwardedTo ? ` an ${concern.forwardedTo}` : ''}.`;
      break;
  }
  return (
    <p className="holder" data-testid="bearbeitungsstand">
      {text}
    </p>
  );
}

/** The work steps this concern allows right now, and the small forms for steps that need a reason. */
export function WorkActions({ concern, me, taxonomy, busy, error, perform, clearMessages }: Props) {
  const [open, setOpen] = useState<OpenForm>(null);
  const actions = availableActions(concern, me);
  const ref = concern.reference;

  // The form closes as soon as the step succeeded, before the fresh state arrives.
  const submitForm = (run: () => Promise<void>, success: string) =>
    perform(run, success, () => setOpen(null));
  const formProps = (success: string) => ({
    concern,
    busy,
    error,
    submit: (run: () => Promise<void>) => submitForm(run, success),
    onCancel: () => setOpen(null),
  });

  const simple = (step: SimpleStep) =>
    actions.has(step) ? (
      <button
        key={step}
        type="button"
        className={SIMPLE[step].className}
        disabled={busy}
        onClick={() => {
          setOpen(null);
          void perform(() => api.step(ref, step), SIMPLE[step].done);
        }}
      >
        {SIMPLE[step].label}
      </button>
    ) : null;

  const toggle = (form: Exclude<OpenForm, null>, label: string, className = 'btn btn-ghost') => (
    <button
      type="button"
      className={className}
      aria-expanded={open === form}
      aria-controls={open === form ? `aktion-${form}` : undefined}
      disabled={busy}
      onClick={() => {
        clearMessages();
        setOpen(open === form ? null : form);
      }}
    >
      {label}
    </button>
  );

  const primary = (['claim', 'complete', 'renew', 'resume', 'release'] as const).filter((s) =>
    actions.has(s),
  );
  const hasMore =
    actions.has('wait') ||
    actions.has('forward') ||
    actions.has('reclassify') ||
    actions.has('correctReceivedAt');

  return (
    <section className="panel" aria-labelledby="bearbeitung-titel">
      <div className="panel__head">
        <h2 id="bearbeitung-titel">Bearbeitung</h2>
      </div>
      <HolderNote concern={concern} />
      {open === null ? <ErrorAlert error={error} /> : null}
      {primary.length > 0 ? <div className="actions-primary">{primary.map(simple)}</div> : null}
      {hasMore ? (
        <div className="actions-more">
          {actions.has('wait') ? toggle('wait', 'Wartet auf Rückmeldung …') : null}
          {actions.has('forward') ? toggle('forward', 'Weiterleiten …') : null}
          {actions.has('reclassify') ? toggle('reclassify', 'Klassifizierung ändern …') : null}
          {actions.has('correctReceivedAt') ? toggle('receivedAt', 'Eingang korrigieren …') : null}
        </div>
      ) : null}
      <InterimNoticeBox
        concern={concern}
        mayAct={me.abilities['concern.work'] === true}
        busy={busy}
        perform={perform}
      />
      {primary.length === 0 && !hasMore ? (
        <p className="muted" style={{ margin: 0 }}>
          Für dieses Anliegen sind keine weiteren Schritte möglich.
        </p>
      ) : null}

      {open !== null ? (
        <div id={`aktion-${open}`}>
          {open === 'wait' ? (
            <WaitForm
              {...formProps('Das Anliegen wartet auf Rückmeldung.')}
              api={(reason) => api.wait(ref, reason)}
            />
          ) : null}
          {open === 'forward' ? (
            <ForwardForm
              {...formProps('Das Anliegen wurde weitergeleitet.')}
              api={(to, reason) => api.forward(ref, to, reason)}
            />
          ) : null}
          {open === 'reclassify' ? (
            <ReclassifyForm
              {...formProps('Die Klassifizierung wurde geändert.')}
              taxonomy={taxonomy}
              api={(change) => api.reclassify(ref, change)}
            />
          ) : null}
          {open === 'receivedAt' ? (
            <ReceivedAtForm
              {...formProps('Der Eingang wurde korrigiert; die Fristen sind neu berechnet.')}
              api={(receivedAt, reason) => api.correctReceivedAt(ref, receivedAt, reason)}
            />
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
