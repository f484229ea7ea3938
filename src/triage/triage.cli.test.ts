import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { optionsOf, run } from './triage.cli.js';

describe('vorrang triage options', () => {
  let stderr: string[];
  let stdoutErrorListeners: unknown[];
  beforeEach(() => {
    stdoutErrorListeners = process.stdout.listeners('error');
    stderr = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    // run() listens for EPIPE on stdout; drop only what it added.
    for (const l of process.stdout.listeners('error')) {
      if (!stdoutErrorListeners.includes(l)) process.stdout.off('error', l as () => void);
    }
  });

  it('reads the options each command knows', () => {
    expect(optionsOf('stream', ['--model', 'm.json'])).toEqual({ model: 'm.json' });
    expect(optionsOf('eval', ['--json', '--blind', '--model=m.json'])).toEqual({
      json: true,
      blind: true,
      model: 'm.json',
    });
    expect(optionsOf('train', ['--overrides', 'o.jsonl', '--out', 'x.json'])).toEqual({
      overrides: 'o.jsonl',
      out: 'x.json',
    });
    expect(optionsOf('cv', ['--set', 'topic.epochs=15', '--set=features.charWeight=0.3'])).toEqual({
      set: ['topic.epochs=15', 'features.charWeight=0.3'],
    });
    expect(optionsOf('curve', ['--shares', '6', '--repeats=2', '--chart', 'c.svg'])).toEqual({
      shares: '6',
      repeats: '2',
      chart: 'c.svg',
    });
    expect(optionsOf('eval', ['--help'])).toBeUndefined();
  });

  it('refuses unknown options and stray arguments with exit code 2 instead of using defaults', async () => {
    for (const args of [
      ['--bogus'],
      ['--modle', 'm.json'],
      ['--model'],
      ['eval', '--bogus'],
      ['eval', '--modle', 'm.json'],
      ['eval', 'held-out'],
      ['train', '--bogus'],
      ['train', '--model', 'm.json'],
      ['cv', '--bogus'],
      ['cv', '--set', 'no.such.key=1'],
      ['curve', '--bogus'],
      ['curve', '--shares', '2'],
      ['curve', '--shares', 'eight'],
      ['curve', '--repeats', '1.5'],
      ['curve', '--shares', '1e1'],
      ['curve', '--chart', '.'],
    ]) {
      stderr = [];
      expect(await run(args), args.join(' ')).toBe(2);
      expect(stderr.join(''), args.join(' ')).toMatch(/^vorrang triage: .+\n/);
    }
    expect(await run(['export-overrides', '--tenant', 'demo', '--bogus'])).toBe(2);
  });

  it('answers --help of a subcommand with the usage, without running it', async () => {
    expect(await run(['eval', '--help'])).toBe(0);
    expect(await run(['train', '-h'])).toBe(0);
    expect(await run(['curve', '--help'])).toBe(0);
  });
});
