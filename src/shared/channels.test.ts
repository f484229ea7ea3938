import { describe, expect, it } from 'vitest';
import {
  CHANNEL_LABEL,
  CHANNELS,
  SENDER_KINDS,
  SENDER_LABEL,
  lookup,
  parseChannel,
  parseSenderKind,
} from './channels.js';

describe('channel and sender names', () => {
  it('reads every code and every German label as itself', () => {
    for (const c of CHANNELS) {
      expect(parseChannel(c)).toBe(c);
      expect(parseChannel(CHANNEL_LABEL[c])).toBe(c);
    }
    for (const k of SENDER_KINDS) {
      expect(parseSenderKind(k)).toBe(k);
      expect(parseSenderKind(SENDER_LABEL[k])).toBe(k);
    }
  });

  it('ignores case, spaces, hyphens and spelled-out umlauts', () => {
    expect(parseChannel('E-Mail')).toBe('email');
    expect(parseChannel(' PHONE NOTE ')).toBe('phone_note');
    expect(parseChannel('Telefax')).toBe('letter');
    expect(parseSenderKind('Angehoerige')).toBe('relative');
    expect(parseSenderKind('Krankenhaus')).toBe('provider');
    expect(parseSenderKind('Angeho\u0308rige')).toBe('relative');
  });

  it('leaves words with two meanings out, and refuses a word given to two codes', () => {
    expect(parseChannel('Mail')).toBeUndefined();
    expect(parseChannel('Notfall')).toBeUndefined();
    expect(parseSenderKind('Firma')).toBeUndefined();
    expect(() => lookup({ a: 'Brief', b: 'Post' }, { a: [], b: ['brief'] })).toThrow(/names both a and b/);
  });

  it('gives undefined for unknown names and for values that are not text', () => {
    expect(parseChannel('Brieftaube')).toBeUndefined();
    expect(parseChannel('')).toBeUndefined();
    expect(parseSenderKind(3)).toBeUndefined();
    expect(parseSenderKind({ kind: 'insured' })).toBeUndefined();
  });
});
