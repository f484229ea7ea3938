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

interface InputProps {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  type: 'text' | 'email' | 'password';
  value: string;
  onChange: (value: string) => void;
  autoComplete: string;
  maxLength?: number;
}

/** The common case of a FormField: one single-line input. */
export function InputField({
  id,
  label,
  hint,
  error,
  type,
  value,
  onChange,
  autoComplete,
  maxLength,
}: InputProps) {
  return (
    <FormField id={id} label={label} {...(hint !== undefined && { hint })} error={error}>
      {(describedBy, invalid) => (
        <input
          id={id}
          type={type}
          value={value}
          autoComplete={autoComplete}
          {...(maxLength !== undefined && { maxLength })}
          onChange={(e) => onChange(e.target.value)}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
        />
      )}
    </FormField>
  );
}
