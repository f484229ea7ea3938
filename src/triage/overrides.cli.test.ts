import { describe, expect, it } from 'vitest';
import { parseExportArgs, run } from './overrides.cli.js';

describe('vorrang triage export-overrides arguments', () => {
  it('reads the Kasse, the output file and --since as the start of that day in Berlin', () => {
    expect(parseExportArgs(['--tenant', 'demo'])).toEqual({
      tenant: 'demo',
      sinceDate: undefined,
      since: undefined,
      out: undefined,
    });
    const winter = parseExportArgs(['--tenant=demo', '--since', '2025-01-15', '--out', 'o.jsonl']);
    expect(winter).toMatchObject({ tenant: 'demo', sinceDate: '2025-01-15', out: 'o.jsonl' });
    expect(winter !== 'help' && winter.since?.toISOString()).toBe('2025-01-14T23:00:00.000Z');
    const summer = parseExportArgs(['--tenant', 'demo', '--since', '2025-07-01']);
    expect(summer !== 'help' && summer.since?.toISOString()).toBe('2025-06-30T22:00:00.000Z');
    expect(parseExportArgs(['--help'])).toBe('help');
  });

  it('answers usage errors with exit code 2 before touching a database', async () => {
    for (const args of [
      [],
      ['--since', '2025-01-01'],
      ['--tenant', 'demo', '--since', '2025-02-30'],
      ['--tenant', 'demo', '--since', '1.4.2025'],
      ['--tenant', 'demo', '--since'],
      ['--tenant', 'demo', '--out', ''],
      ['--tenant', 'demo', '--unbekannt'],
      ['--tenant', 'demo', 'überzählig'],
    ]) {
      expect(await run(args), args.join(' ')).toBe(2);
    }
  });
});
