/**
 * Shared setup for the end-to-end tests: the Chromium check, the real server in a child process (built
 * first unless VORRANG_E2E_SKIP_BUILD=1, with a demo Kasse in a throwaway data directory), a headless
 * Chromium and the axe-core scan.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

export const root = path.resolve(import.meta.dirname, '../..');
const CHROMIUM = '/usr/bin/chromium';
const AXE = path.join(root, 'node_modules/axe-core/axe.min.js');

/**
 * Whether Chromium is installed. Missing in CI is an error (the E2E tests are not skipped there); missing
 * locally skips the suite with a message naming it.
 */
export function haveChromium(suite: string): boolean {
  const found = fs.existsSync(CHROMIUM);
  if (!found && process.env.CI) {
    throw new Error(
      `${CHROMIUM} fehlt: Die E2E-Tests brauchen Chromium und werden in CI nicht übersprungen.`,
    );
  }
  if (!found) {
    console.warn(`[${suite}] übersprungen: ${CHROMIUM} nicht gefunden (z. B. apt-get install chromium).`);
  }
  return found;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForReady(base: string, server: ChildProcess, log: () => string, timeoutMs = 150_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`Server beendet (Code ${server.exitCode}):\n${log()}`);
    try {
      const res = await fetch(`${base}/readyz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Server wurde nicht bereit:\n${log()}`);
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:41234 */
  base: string;
  /** Everything the server wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, SIGKILL after 5 s if still running; then removes the data directory. */
  stop(): Promise<void>;
}

/**
 * Builds the app (unless VORRANG_E2E_SKIP_BUILD=1), then starts `vorrang serve` on a free port with a
 * fresh data directory and a demo Kasse of `demoSize` concerns, and waits until /readyz answers 200. If
 * it never gets ready, the server is stopped before the error is thrown.
 */
export async function startServer({ demoSize }: { demoSize: number }): Promise<RunningServer> {
  if (process.env.VORRANG_E2E_SKIP_BUILD !== '1') {
    execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vorrang-e2e-'));
  let output = '';
  let server: ChildProcess | undefined;

  const stop = async () => {
    if (server && server.exitCode === null) {
      const running = server;
      const exited = new Promise((r) => running.once('exit', r));
      running.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (running.exitCode === null) running.kill('SIGKILL');
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [path.join(root, 'bin/vorrang.js'), 'serve'], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        VORRANG_DATA_DIR: dataDir,
        VORRANG_DEMO: '1',
        VORRANG_DEMO_SIZE: String(demoSize),
        VORRANG_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    server.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    await waitForReady(base, server, () => output);
    return { base, output: () => output, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Headless Chromium from the system package. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * Runs axe-core in the page; returns the serious and critical violations in readable form. The page's
 * context needs `bypassCSP: true` so the script can be injected.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const { violations, passes } = await page.evaluate(async () => {
    type Run = (ctx: Document, opts: object) => Promise<{ violations: unknown[]; passes: unknown[] }>;
    const axe = (window as unknown as { axe: { run: Run } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return { violations: result.violations as AxeViolation[], passes: result.passes.length };
  });
  // A scan that checked nothing would pass vacuously.
  expect(passes).toBeGreaterThan(5);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => {
      const where = v.nodes.slice(0, 3).map((n) => n.target.join(' '));
      const more = v.nodes.length > 3 ? ` (+${v.nodes.length - 3} weitere)` : '';
      return `${v.impact} ${v.id}: ${v.help} → ${where.join(', ')}${more}`;
    });
}

/** A German browser context as staff use it; CSP is bypassed only so that axe-core can be injected. */
export async function staffPage(
  browser: Browser,
  viewport = { width: 1440, height: 1000 },
): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport, locale: 'de-DE', bypassCSP: true });
  return { ctx, page: await ctx.newPage() };
}

/** Signs in through the login form with the demo password and waits until the app has left the form. */
export async function login(page: Page, base: string, email: string, next = '/app/'): Promise<void> {
  await page.goto(`${base}/app/login?weiter=${encodeURIComponent(next)}`);
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort').fill('demo');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/app/login'));
}

/** GET from inside the page, with the session cookie, as the staff app does. */
export async function apiGet<T>(page: Page, url: string): Promise<{ status: number; body: T }> {
  return page.evaluate(async (u) => {
    const res = await fetch(u, { credentials: 'same-origin', headers: { accept: 'application/json' } });
    return { status: res.status, body: (await res.json().catch(() => null)) as never };
  }, url);
}

/**
 * Per-file hooks for a browser suite: the server with a demo Kasse of `demoSize` concerns and a headless
 * Chromium, started before the file's tests (after creating `shots`, the screenshot folder) and stopped
 * after them. The accessors may be read in tests and later hooks, never at module load; `shoot` saves a
 * screenshot as `shots/<name>.png` for review.
 */
export function useServerAndBrowser({ demoSize, shots }: { demoSize: number; shots: string }): {
  readonly base: string;
  readonly browser: Browser;
  shoot(page: Page, name: string, fullPage?: boolean): Promise<unknown>;
} {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    fs.mkdirSync(shots, { recursive: true });
    server = await startServer({ demoSize });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started yet: use it in a test or a later hook`);
    return value;
  };
  return {
    get base() {
      return ready(server, 'the server').base;
    },
    get browser() {
      return ready(browser, 'Chromium');
    },
    shoot: (page, name, fullPage = true) =>
      page.screenshot({ path: path.join(shots, `${name}.png`), fullPage }),
  };
}
