/** Small hooks shared by the screens. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from './api.js';

export type Load<T> =
  | { state: 'loading'; data?: T | undefined }
  | { state: 'ready'; data: T }
  | { state: 'error'; error: ApiError; data?: T | undefined };

function asApiError(err: unknown): ApiError {
  return err instanceof ApiError
    ? err
    : new ApiError(0, 'CLIENT', 'Etwas ist schiefgelaufen. Bitte laden Sie die Seite neu.');
}

/**
 * Loads data whenever `key` changes; `reload` fetches again and keeps showing the previous data while it
 * loads, so lists do not flicker. Answers to outdated requests are ignored.
 */
export function useLoad<T>(key: string, loader: () => Promise<T>): [Load<T>, () => Promise<void>] {
  const [load, setLoad] = useState<Load<T>>({ state: 'loading' });
  const latest = useRef(0);
  const loaderRef = useRef(loader);
  loaderRef.current = loader;

  const run = useCallback(async () => {
    const ticket = ++latest.current;
    setLoad((prev) => ({ state: 'loading', data: prev.data }));
    try {
      const data = await loaderRef.current();
      if (ticket === latest.current) setLoad({ state: 'ready', data });
    } catch (err) {
      if (ticket === latest.current)
        setLoad((prev) => ({ state: 'error', error: asApiError(err), data: prev.data }));
    }
  }, []);

  useEffect(() => {
    void run();
  }, [key, run]);

  return [load, run];
}

/** Sets the document title; screen readers announce it on navigation. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} – vorrang`;
  }, [title]);
}

export { asApiError };
