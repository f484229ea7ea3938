/** The topic list rarely changes: fetched once per page load and shared by every screen. */
import { useEffect, useState } from 'react';
import { api, type Taxonomy } from './api.js';

let cached: Promise<Taxonomy> | undefined;

export function loadTaxonomy(): Promise<Taxonomy> {
  cached ??= api.topics().catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}

export function useTaxonomy(): Taxonomy | undefined {
  const [taxonomy, setTaxonomy] = useState<Taxonomy>();
  useEffect(() => {
    let cancelled = false;
    loadTaxonomy()
      .then((t) => !cancelled && setTaxonomy(t))
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);
  return taxonomy;
}
