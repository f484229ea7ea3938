/** The worklist's filters live in the address, so reloads, links and "back" keep them. */
import type { PriorityClass, WorklistQuery } from './api.js';
import { PRIORITY_CLASSES } from './labels.js';

export const PAGE_SIZE = 50;
export const MAX_LIMIT = 500;

export function readWorklistQuery(params: URLSearchParams): WorklistQuery {
  const klasse = params.get('klasse');
  const thema = params.get('thema');
  const anzahl = Number(params.get('anzahl'));
  return {
    limit: Number.isInteger(anzahl) && anzahl >= 1 ? Math.min(anzahl, MAX_LIMIT) : PAGE_SIZE,
    priorityClass: PRIORITY_CLASSES.includes(klasse as PriorityClass) ? (klasse as PriorityClass) : undefined,
    topic: thema && /^[a-z0-9_]{1,64}$/.test(thema) ? thema : undefined,
  };
}

export function writeWorklistQuery(q: WorklistQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (q.priorityClass) params.set('klasse', q.priorityClass);
  if (q.topic) params.set('thema', q.topic);
  if (q.limit !== PAGE_SIZE) params.set('anzahl', String(q.limit));
  return params;
}
