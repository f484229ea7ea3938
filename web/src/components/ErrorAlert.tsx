import type { ApiError } from '../api.js';

/** The server's message for a failed request, announced to screen readers. */
export function ErrorAlert({ error, title }: { error: ApiError | undefined; title?: string }) {
  if (!error) return null;
  return (
    <div className="alert alert-error" role="alert">
      {title ? (
        <p>
          <strong>{title}</strong>
        </p>
      ) : null}
      <p>{error.message}</p>
    </div>
  );
}
