import { useState } from 'react';
import type { ApiError, ConcernDetail, PriorityClass, Taxonomy } from '../api.js';
import { CLASS_LABEL, PRIORITY_CLASSES } from '../labels.js';
import { berlinLocalToIso, toBerlinLocalInput } from '../time.js';
import { FormField } from './FormField.js';
import { FormShell } from './FormShell.js';

export interface FormProps {
  concern: ConcernDetail;
  busy: boolean;
  error: ApiError | undefined;
  /** Runs the request; resolves true when it succeeded. */
  submit: (run: () => Promise<void>) => Promise<boolean>;
  onCancel: () => void;
}

const MIN_REASON = 5;

/** Checks a reason before sending it, in the same words as the hint. */
function reasonProblem(reason: string, min = MIN_REASON): string | undefined {
  const n = reason.trim().length;
  if (n === 0) return 'Bitte geben Sie eine Begründung ein.';
  if (n < min) return `Die Begründung ist zu kurz (mindestens ${min} Zeichen).`;
  return undefined;
}

function ReasonField({
  id,
  value,
  onChange,
  error,
  hint,
}: {
  id: string;
  value: string;
  onChange: (v: string) => void;
  error: string | undefined;
  hint: string;
}) {
  return (
    <FormField id={id} label="Begründung" hint={hint} error={error}>
      {(describedBy, invalid) => (
        <textarea
          id={id}
          required
          rows={3}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
        />
      )}
    </FormField>
  );
}

export function WaitForm({
  concern,
  busy,
  error,
  submit,
  onCancel,
  api,
}: FormProps & { api: (reason: string) => Promise<void> }) {
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string>();
  return (
    <FormShell
      id="form-wait"
      title="Auf Rückmeldung warten"
      submitLabel="Auf „Wartet“ setzen"
      busy={busy}
      error={error}
      onCancel={onCancel}
      onSubmit={() => {
        const p = reasonProblem(reason, 3);
        setProblem(p);
        if (!p) void submit(() => api(reason.trim()));
      }}
    >
      <ReasonField
        id={`wait-reason-${concern.reference}`}
        value={reason}
        onChange={setReason}
        error={problem ?? error?.fieldMessage('reason')}
        hint="Worauf warten Sie? Zum Beispiel: ärztliche Bescheinigung angefordert."
      />
    </FormShell>
  );
}

export function ForwardForm({
  concern,
  busy,
  error,
  submit,
  onCancel,
  api,
}: FormProps & { api: (to: string, reason: string) => Promise<void> }) {
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<{ to?: string | undefined; reason?: string | undefined }>({});
  return (
    <FormShell
      id="form-forward"
      title="Weiterleiten"
      submitLabel="Weiterleiten"
      busy={busy}
      error={error}
      onCancel={onCancel}
      onSubmit={() => {
        const next = {
          to: to.trim().length < 2 ? 'Bitte geben Sie an, wohin das Anliegen geht.' : undefined,
          reason: reasonProblem(reason),
        };
        setProblems(next);
        if (!next.to && !next.reason) void submit(() => api(to.trim(), reason.trim()));
      }}
    >
      <FormField
        id="forward-to"
        label="Weiterleiten an"
        hint="Zuständige Stelle, z. B. Deutsche Rentenversicherung Bund."
        error={problems.to ?? error?.fieldMessage('to')}
      >
        {(describedBy, invalid) => (
          <input
            id="forward-to"
            type="text"
            required
            value={to}
            onChange={(e) => setTo(e.target.value)}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
          />
        )}
      </FormField>
      <ReasonField
        id={`forward-reason-${concern.reference}`}
        value={reason}
        onChange={setReason}
        error={problems.reason ?? error?.fieldMessage('reason')}
        hint="Warum ist diese Stelle zuständig? Mindestens 5 Zeichen."
      />
    </FormShell>
  );
}

export function ReclassifyForm({
  concern,
  busy,
  error,
  submit,
  onCancel,
  taxonomy,
  api,
}: FormProps & {
  taxonomy: Taxonomy | undefined;
  api: (change: { topic?: string; priorityClass?: PriorityClass; reason: string }) => Promise<void>;
}) {
  const [topic, setTopic] = useState(concern.topic);
  const [priorityClass, setPriorityClass] = useState<PriorityClass>(concern.priorityClass);
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<{ topic?: string | undefined; reason?: string | undefined }>({});
  const unchanged = topic === concern.topic && priorityClass === concern.priorityClass;
  return (
    <FormShell
      id="form-reclassify"
      title="Klassifizierung ändern"
      submitLabel="Klassifizierung speichern"
      busy={busy}
      error={error}
      onCancel={onCancel}
      onSubmit={() => {
        const next = {
          topic: unchanged ? 'Bitte ändern Sie das Thema, die Klasse oder beides.' : undefined,
          reason: reasonProblem(reason),
        };
        setProblems(next);
        if (next.topic || next.reason) return;
        void submit(() =>
          api({
            ...(topic !== concern.topic ? { topic } : {}),
            ...(priorityClass !== concern.priorityClass ? { priorityClass } : {}),
            reason: reason.trim(),
          }),
        );
      }}
    >
      <FormField id="reclassify-topic" label="Thema" error={problems.topic ?? error?.fieldMessage('topic')}>
        {(describedBy, invalid) => (
          <select
            id="reclassify-topic"
            value={topic}
            onChange={(e) => {
              const next = e.target.value;
              setTopic(next);
              // A new topic suggests its usual class; the person can still pick another.
              const info = taxonomy?.topics.find((t) => t.slug === next);
              if (info && next !== concern.topic) setPriorityClass(info.defaultClass);
            }}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
          >
            {taxonomy ? (
              taxonomy.topics.map((t) => (
                <option key={t.slug} value={t.slug}>
                  {t.label} (üblich {t.defaultClass})
                </option>
              ))
            ) : (
              <option value={concern.topic}>{concern.topicLabel}</option>
            )}
          </select>
        )}
      </FormField>
      <FormField
        id="reclassify-class"
        label="Klasse"
        hint="Ein neues Thema schlägt seine übliche Klasse vor."
        error={error?.fieldMessage('priorityClass')}
      >
        {(describedBy, invalid) => (
          <select
            id="reclassify-class"
            value={priorityClass}
            onChange={(e) => setPriorityClass(e.target.value as PriorityClass)}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
          >
            {PRIORITY_CLASSES.map((c) => (
              <option key={c} value={c}>
                {c} – {CLASS_LABEL[c]}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <ReasonField
        id="reclassify-reason"
        value={reason}
        onChange={setReason}
        error={problems.reason ?? error?.fieldMessage('reason')}
        hint="Pflichtangabe, mindestens 5 Zeichen. Wird im Verlauf gespeichert."
      />
    </FormShell>
  );
}

export function ReceivedAtForm({
  concern,
  busy,
  error,
  submit,
  onCancel,
  api,
}: FormProps & { api: (receivedAt: string, reason: string) => Promise<void> }) {
  const [local, setLocal] = useState(toBerlinLocalInput(concern.receivedAt));
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<{ receivedAt?: string | undefined; reason?: string | undefined }>(
    {},
  );
  return (
    <FormShell
      id="form-received"
      title="Eingang korrigieren"
      submitLabel="Eingang speichern"
      busy={busy}
      error={error}
      onCancel={onCancel}
      onSubmit={() => {
        const iso = berlinLocalToIso(local);
        const next = {
          receivedAt: !iso
            ? 'Bitte geben Sie Datum und Uhrzeit vollständig ein.'
            : new Date(iso).getTime() > Date.now()
              ? 'Der Eingang kann nicht in der Zukunft liegen.'
              : local === toBerlinLocalInput(concern.receivedAt)
                ? 'Das ist bereits der erfasste Eingang. Bitte geben Sie den tatsächlichen Zeitpunkt ein.'
                : undefined,
          reason: reasonProblem(reason),
        };
        setProblems(next);
        if (iso && !next.receivedAt && !next.reason) void submit(() => api(iso, reason.trim()));
      }}
    >
      <FormField
        id="received-at"
        label="Tatsächlicher Eingang"
        hint="Datum und Uhrzeit in deutscher Zeit. Die gesetzlichen Fristen werden danach neu berechnet."
        error={problems.receivedAt ?? error?.fieldMessage('receivedAt')}
      >
        {(describedBy, invalid) => (
          <input
            id="received-at"
            type="datetime-local"
            required
            value={local}
            max={toBerlinLocalInput(new Date().toISOString())}
            onChange={(e) => setLocal(e.target.value)}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
          />
        )}
      </FormField>
      <ReasonField
        id="received-reason"
        value={reason}
        onChange={setReason}
        error={problems.reason ?? error?.fieldMessage('reason')}
        hint="Zum Beispiel: Brief mit Eingangsstempel vom Vortag. Mindestens 5 Zeichen."
      />
    </FormShell>
  );
}
