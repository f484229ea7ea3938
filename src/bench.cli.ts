/**
 * `vorrang bench`: runs the benchmark modules in src/bench/ and prints their figures as JSON lines, so
 * the README figures can be re-measured with one command. `vorrang bench NAME…` runs only those.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

type BenchModule = {
  bench: (ctx: { sharedDir: string; log: (line: string) => void }) => Promise<Record<string, unknown>>;
};

const BENCHES: Record<string, () => Promise<BenchModule>> = {
  schedule: () => import('./bench/schedule.bench.js'),
  forecast: () => import('./bench/forecast.bench.js'),
  simulate: () => import('./bench/simulate.bench.js'),
  triage: () => import('./bench/triage.bench.js'),
  intake: () => import('./bench/intake.bench.js'),
  claim: () => import('./bench/claim.bench.js'),
  import: () => import('./bench/import.bench.js'),
  backlog: () => import('./bench/backlog.bench.js'),
};

export async function run(args: string[]): Promise<number> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const sharedDir = path.resolve(process.env.VORRANG_SHARED_DIR ?? path.join(here, '../../shared'));
  const names = args.length ? args : Object.keys(BENCHES);
  const unknown = names.filter((n) => !BENCHES[n]);
  if (unknown.length) {
    process.stderr.write(
      `vorrang bench: unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}\n`,
    );
    return 2;
  }
  const results: Record<string, unknown> = { measuredAt: new Date().toISOString(), node: process.version };
  for (const name of names) {
    process.stderr.write(`\n== ${name}\n`);
    const mod = await BENCHES[name]!();
    const started = Date.now();
    results[name] = await mod.bench({ sharedDir, log: (line) => process.stderr.write(`   ${line}\n`) });
    process.stderr.write(`   (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    process.stdout.write(`${JSON.stringify({ bench: name, ...(results[name] as object) })}\n`);
  }
  fs.mkdirSync('bench-results', { recursive: true });
  const file = path.join('bench-results', `${names.join('+')}.json`);
  fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  process.stderr.write(`\nFigures written to ${file}\n`);
  return 0;
}
