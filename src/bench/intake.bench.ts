/**
 * Intake throughput: concerns accepted per second through the HTTP API (with triage, clocks and the audit
 * event), against a real server process on loopback, once on PGlite and once on PostgreSQL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { round, scratchDatabase } from './support.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/vorrang.js');
const TEXTS = [
  'Seit drei Wochen ist kein Krankengeld gekommen, die Miete ist fällig.',
  'Meine Mutter wird morgen aus der Klinik entlassen und braucht ein Pflegebett.',
  'Ich möchte meine neue Adresse mitteilen, wir sind umgezogen.',
  'Antrag auf Kostenübernahme für Zahnersatz, Heil- und Kostenplan anbei.',
  'Bitte schicken Sie mir eine Mitgliedsbescheinigung für den Arbeitgeber.',
];

async function startServer(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = 18000 + Math.floor(Math.random() * 2000);
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: {
      ...process.env,
      PORT: String(port),
      VORRANG_LOG_LEVEL: 'warn',
      VORRANG_PUBLIC_RATE_LIMIT: '0',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.status === 200) return { url, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error('server did not become ready');
}

async function load(
  url: string,
  total: number,
  concurrency: number,
): Promise<{ perSecond: number; errors: number }> {
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const res = await fetch(`${url}/api/v1/tenants/demo/concerns`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${Date.now()}-${i}` },
        body: JSON.stringify({
          sender: { kind: 'insured' },
          subject: `Anliegen ${i}`,
          text: TEXTS[i % TEXTS.length],
        }),
      });
      await res.arrayBuffer();
      if (res.status !== 201) errors++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { perSecond: total / ((performance.now() - started) / 1000), errors };
}

export async function bench(ctx: { log: (line: string) => void }): Promise<Record<string, unknown>> {
  const total = Number(process.env.VORRANG_BENCH_INTAKE ?? 3000);
  const concurrency = 32;
  const out: Record<string, unknown> = { requests: total, concurrency };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vorrang-bench-'));
  const pgDb = await scratchDatabase();
  try {
    for (const [name, env] of [
      ['pglite', { VORRANG_DATA_DIR: dataDir, VORRANG_DEMO_SIZE: '0' }],
      ['postgres', { DATABASE_URL: pgDb.url, VORRANG_DEMO_SIZE: '0' }],
    ] as const) {
      ctx.log(`${name}: starting server`);
      const { url, child } = await startServer(env);
      try {
        await load(url, 200, concurrency); // warm-up
        const r = await load(url, total, concurrency);
        ctx.log(`${name}: ${round(r.perSecond)} concerns/s accepted, ${r.errors} errors`);
        out[name] = { concernsPerSecond: round(r.perSecond), errors: r.errors };
      } finally {
        child.kill('SIGTERM');
      }
    }
  } finally {
    await pgDb.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return out;
}
