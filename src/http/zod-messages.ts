/**
 * Plain German messages for validation errors, for staff and the public alike. Messages written into a
 * schema take precedence; this fills in the generic cases.
 */
import { z } from 'zod';

const TYPE_NAME: Record<string, string> = {
  string: 'Text',
  number: 'Zahl',
  boolean: 'Ja/Nein-Wert',
  object: 'Objekt',
  array: 'Liste',
};

export const germanMessage: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case 'too_small':
      if (iss.origin === 'string')
        return Number(iss.minimum) <= 1
          ? 'Bitte ausfüllen.'
          : `Bitte mindestens ${iss.minimum} Zeichen eingeben.`;
      if (iss.origin === 'array') return `Bitte mindestens ${iss.minimum} Einträge angeben.`;
      return `Der Wert muss mindestens ${iss.minimum} sein.`;
    case 'too_big':
      if (iss.origin === 'string') return `Höchstens ${iss.maximum} Zeichen sind erlaubt.`;
      if (iss.origin === 'array') return `Höchstens ${iss.maximum} Einträge sind erlaubt.`;
      return `Der Wert darf höchstens ${iss.maximum} sein.`;
    case 'invalid_type':
      if (iss.input === undefined) return 'Diese Angabe fehlt.';
      return `Erwartet wird: ${TYPE_NAME[iss.expected] ?? iss.expected}.`;
    case 'invalid_format':
      if (iss.format === 'email') return 'Das ist keine gültige E-Mail-Adresse.';
      if (iss.format === 'datetime')
        return 'Bitte Datum und Uhrzeit mit Zeitzone angeben, z. B. 2026-04-27T09:15:00+02:00.';
      return 'Das Format stimmt nicht.';
    case 'invalid_value':
      return `Erlaubt ist: ${iss.values.map(String).join(', ')}.`;
    case 'unrecognized_keys':
      return `Unbekannte Angabe: ${iss.keys.join(', ')}.`;
    case 'custom':
    case 'invalid_element':
    case 'invalid_key':
    case 'invalid_union':
    case 'not_multiple_of':
      return undefined;
  }
};

export function installGermanMessages(): void {
  z.config({ customError: germanMessage });
}
