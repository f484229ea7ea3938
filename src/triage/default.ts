import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KeywordTriage } from './keyword-triage.js';
import { LearnedTriage } from './learned-triage.js';
import { parseModelFile } from './model-file.js';
import type { Triage } from './triage.js';

/** The committed model: models/ beside src/ in a checkout and beside dist/ in a build (same depth). */
export const MODEL_PATH = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../models/triage.json',
);

export async function loadLearnedTriage(file = MODEL_PATH): Promise<LearnedTriage> {
  return new LearnedTriage(parseModelFile(await fs.promises.readFile(file, 'utf8')));
}

/**
 * The triage the server and the CLI use: the learned model, or the keyword baseline when no model file
 * exists (a checkout before the first `vorrang triage train`). A model file that exists but is broken is
 * an error, not a silent fallback.
 */
export async function defaultTriage(file = MODEL_PATH): Promise<Triage> {
  if (!fs.existsSync(file)) return new KeywordTriage();
  return loadLearnedTriage(file);
}
