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
