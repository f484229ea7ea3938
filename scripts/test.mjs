// The one test command (`npm test`): unit tests, integration tests on PGlite, the same integration tests
// on PostgreSQL when TEST_DATABASE_URL is set, and the browser journeys. Ends with "N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const vitest = path.join(root, 'node_modules/vitest/vitest.mjs');
const ci = Boolean(process.env.CI);
const hasChromium = fs.existsSync('/usr/bin/chromium');
const only = process.argv.slice(2);

const runs = [
  { name: 'unit', project: 'unit', env: {} },
  { name: 'integration (PGlite)', project: 'integration', env: { VORRANG_TEST_DIALECT: 'pglite' } },
];
if (process.env.TEST_DATABASE_URL) {
  runs.push({
    name: 'integration (PostgreSQL)',
    project: 'integration',
    env: { VORRANG_TEST_DIALECT: 'postgres' },
  });
} else {
  console.log('TEST_DATABASE_URL is not set: integration tests run on PGlite only.');
}
if (hasChromium || ci) runs.push({ name: 'browser (Chromium)', project: 'e2e', env: {} });
else console.log('No /usr/bin/chromium: browser tests are left out (CI requires them).');

let passed = 0;
let failed = 0;
let broken = false;
for (const run of runs) {
  if (only.length && !only.some((o) => run.name.startsWith(o))) continue;
  console.log(`\n=== ${run.name}`);
  const report = path.join(os.tmpdir(), `vorrang-vitest-${process.pid}-${run.project}.json`);
  const res = spawnSync(
    process.execPath,
    [
      vitest,
      'run',
      '--project',
      run.project,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, ...run.env } },
  );
  if (fs.existsSync(report)) {
    const r = JSON.parse(fs.readFileSync(report, 'utf8'));
    passed += r.numPassedTests;
    // A file that fails outside a test (a crashed worker, a failing beforeAll) counts as one failure too.
    const crashed = r.testResults.filter(
      (f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'),
    );
    failed += r.numFailedTests + crashed.length + (r.success || r.numFailedTests || crashed.length ? 0 : 1);
    if (r.numTotalTests === 0) broken = true;
    fs.rmSync(report);
  } else {
    broken = true;
  }
  if (res.status !== 0) broken = true;
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 || broken ? 1 : 0);
