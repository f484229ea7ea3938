/**
 * Sender and channel as the models read them. Both are optional in the triage input, and a value can be one
 * no training example had (the HTTP intake's `api`, the outage capture `edge`); either way the models
 * would see an input unlike any they learned from. Training records the most frequent sender and channel
 * of its examples, and the ones that occurred; training and triage then read every input the same way.
 */
import {
  CHANNEL_LABEL,
  CHANNELS,
  SENDER_KINDS,
  SENDER_LABEL,
  type Channel,
  type SenderKind,
} from '../shared/channels.js';
import type { TriageInput, TriageReason } from './triage.js';

export interface InputDefaults {
  sender: SenderKind;
  channel: Channel;
  /** The senders and channels the training examples had, in the order of SENDER_KINDS and CHANNELS. */
  senders: SenderKind[];
  channels: Channel[];
}

/** The most frequent value (the first of equals, in `order`); undefined when there is none. */
function mostFrequent<T extends string>(
  values: readonly (T | undefined)[],
  order: readonly T[],
): T | undefined {
  const counts = new Map<T, number>();
  for (const v of values) if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: T | undefined;
  for (const v of order) if ((counts.get(v) ?? 0) > (best === undefined ? 0 : counts.get(best)!)) best = v;
  return best;
}

/** The defaults of a set of examples; undefined when no example has a sender or none has a channel. */
export function inputDefaultsOf(
  examples: readonly Pick<TriageInput, 'sender' | 'channel'>[],
): InputDefaults | undefined {
  const senders = examples.map((e) => e.sender);
  const channels = examples.map((e) => e.channel);
  const sender = mostFrequent(senders, SENDER_KINDS);
  const channel = mostFrequent(channels, CHANNELS);
  if (!sender || !channel) return undefined;
  return {
    sender,
    channel,
    senders: SENDER_KINDS.filter((k) => senders.includes(k)),
    channels: CHANNELS.filter((c) => channels.includes(c)),
  };
}

/**
 * The input as the models read it: a sender or channel that is missing, or that never occurred in training,
 * replaced by the most frequent one there, with a reason saying so.
 */
export function readInput<T extends TriageInput>(
  input: T,
  defaults: InputDefaults | undefined,
): { input: T; reason?: TriageReason } {
  if (!defaults) return { input };
  const missing: string[] = [];
  const unseen: string[] = [];
  const used: string[] = [];
  let { sender, channel } = input;
  if (!sender || !defaults.senders.includes(sender)) {
    if (sender) unseen.push(`Absender ${SENDER_LABEL[sender]}`);
    else missing.push('Absender');
    sender = defaults.sender;
    used.push(SENDER_LABEL[sender]);
  }
  if (!channel || !defaults.channels.includes(channel)) {
    if (channel) unseen.push(`Eingangskanal ${CHANNEL_LABEL[channel]}`);
    else missing.push('Eingangskanal');
    channel = defaults.channel;
    used.push(CHANNEL_LABEL[channel]);
  }
  if (used.length === 0) return { input };
  const what = [
    ...(missing.length ? [`${missing.join(' und ')} nicht angegeben oder nicht erkannt`] : []),
    ...(unseen.length ? [`${unseen.join(' und ')} ohne Trainingsbeispiele`] : []),
  ];
  return {
    input: { ...input, sender, channel },
    reason: {
      kind: 'default',
      text: `${what.join('; ')}: für die Einstufung wie ${used.join(', ')} behandelt, die häufigste Angabe im Training.`,
    },
  };
}
