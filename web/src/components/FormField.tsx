import type { ReactNode } from 'react';

interface Props {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  children: (describedBy: string | undefined, invalid: boolean) => ReactNode;
}

/** A labelled control with its hint and the server's message for it, wired up for screen readers. */
export function FormField({ id, label, hint, error, children }: Props) {
  const describedBy =
    [hint ? `${id}-hinweis` : '', error ? `${id}-fehler` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span className="hint" id={`${id}-hinweis`}>
          {hint}
        </span>
      ) : null}
      {children(describedBy, Boolean(error))}
      {error ? (
        <span className="field-error" id={`${id}-fehler`}>
          {error}
        </span>
      ) : null}
    </div>
  );
}
