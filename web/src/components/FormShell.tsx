import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ApiError } from '../api.js';
import { ErrorAlert } from './ErrorAlert.js';

interface ShellProps {
  id: string;
  title: string;
  submitLabel: string;
  busy: boolean;
  error: ApiError | undefined;
  onSubmit: () => void;
  onCancel: () => void;
  children: ReactNode;
  /** The title's heading level: 3 inside a panel with its own heading (default), 2 directly under a page's h1. */
  level?: 2 | 3;
}

/** Heading, the server's message, the fields, and save/cancel: the frame of every step with a reason. */
export function FormShell({
  id,
  title,
  submitLabel,
  busy,
  error,
  onSubmit,
  onCancel,
  children,
  level = 3,
}: ShellProps) {
  const Heading = level === 2 ? 'h2' : 'h3';
  const formRef = useRef<HTMLFormElement>(null);
  const [attempt, setAttempt] = useState(0);
  // After a failed attempt, take keyboard and screen reader users straight to the first field to fix.
  useEffect(() => {
    if (attempt === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt, error]);
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, []);
  return (
    <form
      ref={formRef}
      className="action-form"
      aria-labelledby={`${id}-titel`}
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        setAttempt((n) => n + 1);
        onSubmit();
      }}
      noValidate
    >
      <Heading id={`${id}-titel`}>{title}</Heading>
      <ErrorAlert error={error} />
      {children}
      <div className="form-buttons">
        <button type="submit" className="btn" disabled={busy}>
          {busy ? 'Wird gespeichert …' : submitLabel}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onCancel}>
          Abbrechen
        </button>
      </div>
    </form>
  );
}
