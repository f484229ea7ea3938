import { describe, expect, it } from 'vitest';
import { parseImportArgs, run } from './cli.js';

describe('vorrang import arguments', () => {
  it('takes the format from the file name unless given', () => {
    expect(parseImportArgs(['--tenant', 'k', '--file', 'a.JSONL'])).toMatchObject({ format: 'jsonl' });
    expect(parseImportArgs(['--tenant', 'k', '--file', 'a.txt'])).toMatchObject({
      format: 'csv',
      batchSize: 1000,
    });
    expect(
      parseImportArgs(['--tenant', 'k', '--file', 'a.csv', '--format', 'jsonl', '--dry-run']),
    ).toMatchObject({
      format: 'jsonl',
      dryRun: true,
    });
  });

  it('answers usage errors with exit code 2 before touching a database', async () => {
    for (const args of [
      [],
      ['--tenant', 'k'],
      ['--tenant', 'k', '--file', 'a.csv', '--format', 'xml'],
      ['--tenant', 'k', '--file', 'a.csv', '--resume', 'abc'],
      ['--tenant', 'k', '--file', 'a.csv', '--unbekannt'],
      ['--tenant', 'k', '--file', '/does/not/exist.csv'],
    ]) {
      expect(await run(args)).toBe(2);
    }
  });
});
