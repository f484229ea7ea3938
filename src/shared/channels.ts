export const CHANNELS = ['web', 'email', 'letter', 'phone_note', 'chat', 'api', 'edge'] as const;
export type Channel = (typeof CHANNELS)[number];

export const SENDER_KINDS = ['insured', 'relative', 'employer', 'provider'] as const;
export type SenderKind = (typeof SENDER_KINDS)[number];

export const CHANNEL_LABEL: Record<Channel, string> = {
  web: 'Webformular',
  email: 'E-Mail',
  letter: 'Brief',
  phone_note: 'Telefonnotiz',
  chat: 'Chat',
  api: 'Schnittstelle',
  edge: 'Notfall-Erfassung',
};

export const SENDER_LABEL: Record<SenderKind, string> = {
  insured: 'Versicherte Person',
  relative: 'Angehörige',
  employer: 'Arbeitgeber',
  provider: 'Leistungserbringer',
};

/**
 * Lower case, umlauts and ß spelled out (also when written as a letter plus combining mark, as some
 * systems export them), anything but letters dropped: "E-Mail" → "email".
 */
function key(value: string): string {
  return value
    .normalize('NFC')
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z]/g, '');
}

/**
 * Other names for the channels, besides code and German label: words of legacy systems and other tools.
 * Only words with one meaning here ("Mail" can be post, "Notfall" the concern rather than the channel).
 */
const CHANNEL_WORDS: Record<Channel, string[]> = {
  web: ['formular', 'kontaktformular', 'portal', 'online', 'webform', 'form'],
  email: [],
  letter: ['post', 'fax', 'telefax'],
  phone_note: ['phone', 'telefon', 'anruf', 'call', 'telephone'],
  chat: ['chatbot', 'messenger'],
  api: ['interface'],
  edge: [],
};

/**
 * Other names for the sender kinds, besides code and German label; not "Firma" (a Pflegedienst is one
 * too) nor "Betreuer" (often a professional or a legal guardian).
 */
const SENDER_WORDS: Record<SenderKind, string[]> = {
  insured: ['versicherte', 'versicherter', 'mitglied', 'member', 'patient', 'kunde', 'kundin', 'customer'],
  relative: ['angehoeriger', 'familie', 'family', 'familienangehoerige', 'familienangehoeriger'],
  employer: ['arbeitgeberin'],
  provider: [
    'arzt',
    'aerztin',
    'praxis',
    'doctor',
    'krankenhaus',
    'klinik',
    'hospital',
    'apotheke',
    'pharmacy',
    'pflegedienst',
    'sanitaetshaus',
  ],
};

/**
 * The codes as they are (the common case, no normalising), and every name normalised. A name given to two
 * codes is a mistake in the lists above and stops the start.
 */
export function lookup<T extends string>(
  labels: Record<T, string>,
  words: Record<T, string[]>,
): Map<string, T> {
  const map = new Map<string, T>();
  for (const [value, label] of Object.entries(labels) as [T, string][]) {
    map.set(value, value);
    for (const w of [value, label, ...words[value]]) {
      const k = key(w);
      const taken = map.get(k);
      if (taken !== undefined && taken !== value) throw new Error(`"${w}" names both ${taken} and ${value}`);
      map.set(k, value);
    }
  }
  return map;
}

const CHANNEL_BY_WORD = lookup(CHANNEL_LABEL, CHANNEL_WORDS);
const SENDER_BY_WORD = lookup(SENDER_LABEL, SENDER_WORDS);

/** The channel a value names (its code, its German label or a common other name), or undefined. */
export function parseChannel(value: unknown): Channel | undefined {
  if (typeof value !== 'string') return undefined;
  return CHANNEL_BY_WORD.get(value) ?? CHANNEL_BY_WORD.get(key(value));
}

/** The sender kind a value names (its code, its German label or a common other name), or undefined. */
export function parseSenderKind(value: unknown): SenderKind | undefined {
  if (typeof value !== 'string') return undefined;
  return SENDER_BY_WORD.get(value) ?? SENDER_BY_WORD.get(key(value));
}
