/**
 * The triage contract. Intake, re-triage and the CLI depend only on this interface, so a better
 * classifier replaces an older one without touching its callers.
 */
import type { Channel, SenderKind } from '../shared/channels.js';
import type { PriorityClass, TopicSlug } from '../shared/taxonomy.js';

export interface TriageInput {
  text: string;
  subject?: string | undefined;
  sender?: SenderKind | undefined;
  channel?: Channel | undefined;
}

export type ReasonKind = 'keyword' | 'rule' | 'model' | 'safety' | 'language' | 'default' | 'override';

export interface TriageReason {
  kind: ReasonKind;
  /** One sentence a case worker can read, in German. */
  text: string;
}

export interface TriageResult {
  topic: TopicSlug;
  priorityClass: PriorityClass;
  /** 0..1: how sure the classifier is of the topic. */
  confidence: number;
  reasons: TriageReason[];
  /** ISO 639-1 code of the detected language, or 'und' when it cannot be told. */
  language: string;
  version: string;
}

export interface Triage {
  readonly version: string;
  classify(input: TriageInput): TriageResult;
  /** The same for a batch, in input order: each result equals what `classify` gives for that input. */
  classifyMany(inputs: readonly TriageInput[]): TriageResult[];
}
