import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODEL_PATH, defaultTriage } from './default.js';
import { KeywordTriage } from './keyword-triage.js';
import { LearnedTriage } from './learned-triage.js';

describe('defaultTriage', () => {
  it('resolves the committed model beside src/', () => {
    expect(MODEL_PATH).toBe(path.resolve(import.meta.dirname, '../../models/triage.json'));
  });

  it('loads the committed model', async () => {
    expect(fs.existsSync(MODEL_PATH)).toBe(true);
    const triage = await defaultTriage();
    expect(triage).toBeInstanceOf(LearnedTriage);
    expect(triage.version).toMatch(/^learned-1\+[0-9a-f]{10}$/);
  });

  it('falls back to the keyword baseline only when the file is missing', async () => {
    const missing = path.join(os.tmpdir(), `vorrang-no-model-${process.pid}.json`);
    expect(await defaultTriage(missing)).toBeInstanceOf(KeywordTriage);
    const broken = path.join(os.tmpdir(), `vorrang-broken-model-${process.pid}.json`);
    fs.writeFileSync(broken, '{"format":"something else"}');
    try {
      await expect(defaultTriage(broken)).rejects.toThrow(/model file/);
    } finally {
      fs.rmSync(broken, { force: true });
    }
  });
});
