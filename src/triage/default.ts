import { KeywordTriage } from './keyword-triage.js';
import type { Triage } from './triage.js';

/** The triage the server and the CLI use. */
export async function defaultTriage(): Promise<Triage> {
  return new KeywordTriage();
}
