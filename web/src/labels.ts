/** German labels for the codes the API returns. Unknown codes fall back to the code itself. */
import type { ConcernStatus, ImportJobStatus, PriorityClass, Role } from './api.js';

export const CHANNEL_LABEL: Record<string, string> = {
  web: 'Webformular',
  email: 'E-Mail',
  letter: 'Brief',
  phone_note: 'Telefonnotiz',
  chat: 'Chat',
  api: 'Schnittstelle',
  edge: 'Notfall-Erfassung',
};

export const SENDER_LABEL: Record<string, string> = {
  insured: 'Versicherte Person',
  relative: 'Angehörige',
  employer: 'Arbeitgeber',
  provider: 'Leistungserbringer',
};

export const STATUS_LABEL: Record<ConcernStatus, string> = {
  neu: 'Neu',
  in_bearbeitung: 'In Bearbeitung',
  wartet: 'Wartet',
  erledigt: 'Erledigt',
  weitergeleitet: 'Weitergeleitet',
};

/** Status of an import job; uploading is the browser's own step before the server has a job. */
export const IMPORT_STATUS_LABEL: Record<ImportJobStatus | 'uploading', string> = {
  uploading: 'wird hochgeladen',
  running: 'läuft',
  done: 'fertig',
  failed: 'fehlgeschlagen',
};

/** The tag of a running import whose process has stopped giving signs of life. */
export const IMPORT_STALLED_LABEL = 'unterbrochen?';

export const ROLES: readonly Role[] = ['sachbearbeitung', 'teamleitung', 'administration'];

export const ROLE_LABEL: Record<Role, string> = {
  sachbearbeitung: 'Sachbearbeitung',
  teamleitung: 'Teamleitung',
  administration: 'Administration',
};

export const CLASS_LABEL: Record<PriorityClass, string> = {
  P1: 'medizinisch dringend',
  P2: 'existenzsichernd',
  P3: 'fristgebunden',
  P4: 'Standard',
};

export const PRIORITY_CLASSES: readonly PriorityClass[] = ['P1', 'P2', 'P3', 'P4'];

const ACTION_LABEL: Record<string, string> = {
  created: 'Eingegangen',
  claimed: 'Übernommen (nächstes Anliegen)',
  claim: 'Übernommen',
  renew: 'Bearbeitung verlängert',
  release: 'Freigegeben',
  wait: 'Auf Rückmeldung wartend',
  resume: 'Wieder aufgenommen',
  complete: 'Erledigt',
  forward: 'Weitergeleitet',
  reclassified: 'Klassifizierung geändert',
  received_at_changed: 'Eingang korrigiert',
  interim_notice_sent: 'Zwischennachricht versandt',
};

export function historyActionLabel(action: string): string {
  const key = action.startsWith('concern.') ? action.slice('concern.'.length) : action;
  return ACTION_LABEL[key] ?? action;
}

const REASON_KIND_LABEL: Record<string, string> = {
  keyword: 'Begriffe',
  rule: 'Regel',
  default: 'Standard',
  override: 'Manuell',
  model: 'Modell',
};

export function reasonKindLabel(kind: string): string {
  return REASON_KIND_LABEL[kind] ?? kind;
}

const LANGUAGE_LABEL: Record<string, string> = {
  de: 'Deutsch',
  en: 'Englisch',
  tr: 'Türkisch',
  ar: 'Arabisch',
  ru: 'Russisch',
  uk: 'Ukrainisch',
  pl: 'Polnisch',
  ro: 'Rumänisch',
  it: 'Italienisch',
  fr: 'Französisch',
  es: 'Spanisch',
  el: 'Griechisch',
  hr: 'Kroatisch',
  sr: 'Serbisch',
  bs: 'Bosnisch',
  pt: 'Portugiesisch',
  bg: 'Bulgarisch',
  fa: 'Persisch',
  vi: 'Vietnamesisch',
  deu: 'Deutsch',
  eng: 'Englisch',
  tur: 'Türkisch',
  arb: 'Arabisch',
  rus: 'Russisch',
  ukr: 'Ukrainisch',
  pol: 'Polnisch',
  und: 'unbestimmt',
};

export function languageLabel(code: string): string {
  return LANGUAGE_LABEL[code] ?? code;
}

export function isGerman(code: string): boolean {
  return code === 'de' || code === 'deu';
}

/** Labels for fields that show up in history before/after snapshots. */
const FIELD_LABEL: Record<string, string> = {
  status: 'Status',
  claimedBy: 'Bearbeitet von',
  topic: 'Thema',
  priorityClass: 'Klasse',
  receivedAt: 'Eingang',
  forwardedTo: 'Weitergeleitet an',
  leaseExpiresAt: 'Reserviert bis',
  channel: 'Kanal',
  receivedAtSource: 'Eingangszeit',
  interimNoticeDueAt: 'Zwischennachricht fällig',
  interimNoticeSentAt: 'Zwischennachricht versandt',
};

export function fieldLabel(field: string): string {
  return FIELD_LABEL[field] ?? field;
}

/** Short names of the legal clocks (deadline kinds) for lists; unknown kinds show no label. */
const DEADLINE_KIND_LABEL: Record<string, string> = {
  sgb5_13_3a: '§ 13 Abs. 3a SGB V',
  sgb9_14_forward: '§ 14 Abs. 1 SGB IX',
  sgb9_14_decide: '§ 14 SGB IX',
  sgb9_18_fiktion: '§ 18 SGB IX',
  sgb11_18a_assessment: '§ 18a SGB XI, Begutachtung',
  sgb11_18c: '§ 18c SGB XI',
  sgg_88_widerspruch: '§ 88 Abs. 2 SGG',
  sgg_84_widerspruchsfrist: '§ 84 SGG',
  sapv_hkp_3wd: 'SAPV/HKP-Verordnung',
  sapv_hkp_vorlage: 'Vorlage der Verordnung',
  dsgvo_15: 'Art. 15 DSGVO',
  dsgvo_33_72h: 'Art. 33 DSGVO',
  sgb1_42_vorschuss: '§ 42 SGB I, Vorschuss',
  sgb1_16_forward: '§ 16 Abs. 2 SGB I',
  entlassung_7d: '§ 39 Abs. 1a SGB V',
  krankengeld_au_gap: '§ 46 SGB V',
};

export function deadlineKindLabel(kind: string | null): string | null {
  if (!kind) return null;
  return DEADLINE_KIND_LABEL[kind] ?? null;
}
