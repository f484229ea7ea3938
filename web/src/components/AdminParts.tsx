/** Pieces the two administration panels share: how a form runs its change, and the panel frame. */
import { useCallback, useRef, useState, type ReactNode } from 'react';
import type { ApiError } from '../api.js';
import type { Load } from '../hooks.js';
import { ErrorAlert } from './ErrorAlert.js';

/** Runs a change that resolves to its confirmation; gives back its error, or null when it succeeded. */
export type RunChange = (change: () => Promise<string>) => Promise<ApiError | null>;

/** Busy state and the server's error for one form; `submit` closes the form when the change succeeded. */
export function useChangeForm(run: RunChange, onDone: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const submit = async (change: () => Promise<string>) => {
    setBusy(true);
    const failed = await run(change);
    setBusy(false);
    if (failed) setError(failed);
    else onDone();
  };
  return { busy, error, submit };
}

interface PanelProps {
  id: string;
  title: string;
  addLabel: string;
  onAdd: () => void;
  load: Load<unknown>;
  /** e.g. "Teams" in "Die Teams konnten nicht geladen werden." */
  what: string;
  /** The form for a new entry, while it is open. */
  form: ReactNode;
  children: ReactNode;
}

/** A panel with its heading and add button, the load error, a loading line, then the list. */
export function AdminListPanel({ id, title, addLabel, onAdd, load, what, form, children }: PanelProps) {
  return (
    <section className="panel" aria-labelledby={`${id}-titel`}>
      <div className="panel__head">
        <h2 id={`${id}-titel`}>{title}</h2>
        <button type="button" className="btn btn-secondary btn-small" onClick={onAdd}>
          {addLabel}
        </button>
      </div>
      {load.state === 'error' ? (
        <ErrorAlert error={load.error} title={`Die ${what} konnten nicht geladen werden.`} />
      ) : null}
      {form}
      {load.data === undefined ? (
        load.state === 'loading' ? (
          <p className="loading" role="status">
            {what} werden geladen …
          </p>
        ) : null
      ) : (
        children
      )}
    </section>
  );
}

/** A row's action: visible `label`, and `name` saying which row it acts on (for screen readers). */
export function RowButton({ label, name, onClick }: { label: string; name: string; onClick: () => void }) {
  return (
    <button type="button" className="btn btn-ghost btn-small" onClick={onClick} aria-label={name}>
      {label}
    </button>
  );
}

/**
 * Which form of a panel is open. Closing it (saved or cancelled) returns the focus to the button that
 * opened it, so keyboard and screen reader users go on where they were, not at the top of the page.
 */
export function useEditing<T>(): [T | null, (next: T) => void, () => void] {
  const [editing, setEditing] = useState<T | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const open = useCallback((next: T) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setEditing(next);
  }, []);
  const close = useCallback(() => {
    setEditing(null);
    const target = opener.current;
    // After the re-render, when the row's button is back in place (and still in the page).
    requestAnimationFrame(() => {
      if (target?.isConnected) target.focus();
    });
  }, []);
  return [editing, open, close];
}
