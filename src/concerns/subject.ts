/**
 * A subject line for a concern that arrived without one (a letter typed in, a legacy row, a phone note):
 * the first line that says something, so the worklist does not show "Sehr geehrte Damen und Herren," fifty
 * times. Greetings in the languages insured people write in are skipped.
 */

/** A line that is only a greeting (at most a few words after it, no sentence). */
const GREETING =
  /^(?:sehr geehrte[rs]?|liebe[rs]?|hallo|hi|hey|hello|dear|guten (?:tag|morgen|abend)|moin|servus|gr(?:ü|ue)(?:ß|ss) gott|merhaba|dzie(?:ń|n) dobry|доброго дня|добрий день|здравствуйте|привіт|مرحبا|السلام عليكم)\b[^.!?\n]{0,60}[,!.:]?$/i;

export const SUBJECT_FROM_TEXT_LENGTH = 80;

/** The first line of `text` that is not a greeting, cut at a word boundary to `max` characters. */
export function subjectFromText(text: string, max = SUBJECT_FROM_TEXT_LENGTH): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim().replace(/\s+/g, ' '))
    .filter((l) => l.length > 0);
  const line = lines.find((l) => !GREETING.test(l)) ?? lines[0] ?? '';
  if (line.length <= max) return line;
  const head = line.slice(0, max - 1);
  const space = head.lastIndexOf(' ');
  return `${(space > max / 2 ? head.slice(0, space) : head).trimEnd()}…`;
}
