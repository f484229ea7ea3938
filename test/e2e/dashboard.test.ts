/**
 * End to end, against the real server in a child process with 1,000 demo concerns: the team lead opens the
 * Übersicht, finds the same figures as the API, sees the burn-down chart, runs a what-if with extra staff;
 * a concern with a due Zwischennachricht shows the badge in the worklist and on its page, and recording
 * the notice works once (then 409). A case worker has no Übersicht: no nav link, a clear message instead.
 * Every screen is checked with axe-core and photographed into test-results/dashboard/ for review.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  apiGet,
  haveChromium,
  login,
  root,
  seriousViolations,
  staffPage,
  useServerAndBrowser,
} from './support.js';

const SHOTS = path.join(root, 'test-results/dashboard');
const CLASSES = ['P1', 'P2', 'P3', 'P4'] as const;
const chromiumPresent = haveChromium('dashboard');

/** "1.234" as the page shows it → 1234. */
function count(text: string): number {
  return Number(text.replace(/[^\d]/g, ''));
}

interface DashboardJson {
  snapshotAt: string;
  backlog: { total: number; byClass: Record<(typeof CLASSES)[number], number> };
  interimNotices: { due: number; items: { reference: string }[] };
  forecast: { today: string };
}

async function imageLoaded(page: Page, testId: string): Promise<number> {
  const img = page.getByTestId(testId);
  await img.waitFor();
  await expect
    .poll(() => img.evaluate((el) => (el as HTMLImageElement).complete), { timeout: 20_000 })
    .toBe(true);
  return img.evaluate((el) => (el as HTMLImageElement).naturalWidth);
}

describe.skipIf(!chromiumPresent)('Teamleitung: Übersicht und Zwischennachricht', () => {
  // Enough concerns that some § 13 Abs. 3a deadlines cannot be met by the demo team: notices fall due.
  const env = useServerAndBrowser({ demoSize: 1000, shots: SHOTS });

  async function leadPage(): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
    // bypassCSP only lets the test inject axe-core; the app itself runs under the server's CSP.
    const { ctx, page } = await staffPage(env.browser);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await login(page, env.base, 'teamleitung@demo.example');
    return { page, errors, close: () => ctx.close() };
  }

  it('zeigt der Teamleitung die Kennzahlen wie die API, die Abbauprognose und ein Was-wäre-wenn', async () => {
    const { page, errors, close } = await leadPage();
    await page.getByTestId('arbeitsliste').waitFor();
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    await nav.getByRole('link', { name: 'Übersicht' }).click();
    await page.waitForURL(/\/app\/dashboard$/);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Übersicht');
    await expect(nav.getByRole('link', { name: 'Übersicht' }).getAttribute('aria-current')).resolves.toBe(
      'page',
    );
    await page.getByTestId('offen-gesamt').waitFor();

    // Same snapshot on both sides: if the server refreshed it in between, load the page again.
    let api = (await apiGet<DashboardJson>(page, '/api/v1/dashboard')).body;
    const shownAt = await page.locator('.stand time').getAttribute('datetime');
    if (shownAt !== api.snapshotAt) {
      await page.getByRole('button', { name: 'Aktualisieren' }).click();
      await expect.poll(() => page.locator('.stand time').getAttribute('datetime')).not.toBe(shownAt);
      api = (await apiGet<DashboardJson>(page, '/api/v1/dashboard')).body;
      await expect.poll(() => page.locator('.stand time').getAttribute('datetime')).toBe(api.snapshotAt);
    }
    expect(api.backlog.total).toBeGreaterThan(0);
    expect(count(await page.getByTestId('offen-gesamt').innerText())).toBe(api.backlog.total);
    for (const c of CLASSES) {
      expect(count(await page.getByTestId(`offen-${c}`).innerText()), `Klasse ${c}`).toBe(
        api.backlog.byClass[c],
      );
    }
    await expect(page.locator('.stand').innerText()).resolves.toMatch(
      /Stand: \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr/,
    );
    await expect(page.getByTestId('kennzahl-fristen').innerText()).resolves.toMatch(/\d+\s*überfällig/);
    await expect(page.getByTestId('kennzahl-zwischennachrichten').innerText()).resolves.toMatch(
      /zwischennachrichten fällig/i,
    );

    // Charts give screen readers the numbers; the topic chart has at most 10 bars plus "weitere".
    const age = page.getByRole('region', { name: 'Bestand nach Alter' }).getByRole('img');
    await expect(age.getAttribute('aria-label')).resolves.toMatch(/Tage: \d+/);
    const topicBars = page.locator('.hbars--topics .hbar');
    expect(await topicBars.count()).toBeLessThanOrEqual(11);
    await expect(page.locator('.hbar--rest').innerText()).resolves.toMatch(/weitere \d+ Themen/);
    const flow = page.getByRole('region', { name: 'Erledigt und eingegangen' }).getByRole('img');
    await expect(flow.getAttribute('aria-label')).resolves.toMatch(/erledigt.*eingegangen/);

    // Forecast: table per class and the burn-down chart from the server.
    const forecast = page.getByTestId('prognose');
    expect(await forecast.locator('tbody tr').count()).toBe(4);
    await expect(forecast.innerText()).resolves.toMatch(/nicht absehbar|\d{2}\.\d{2}\.\d{4}/);
    expect(await imageLoaded(page, 'abbau-diagramm')).toBeGreaterThan(0);
    await expect(page.getByTestId('abbau-diagramm').getAttribute('alt')).resolves.toMatch(/85 %/);

    await page.evaluate(() => window.scrollTo(0, 0));
    await env.shoot(page, '01-uebersicht');
    expect(await seriousViolations(page), 'Übersicht').toEqual([]);

    // What-if: empty form is refused in words, then three extra FTE from next week.
    await page.getByRole('button', { name: 'Szenario berechnen' }).click();
    await expect(page.getByRole('alert').first().innerText()).resolves.toContain('mindestens eine Maßnahme');
    await page.getByLabel('Zusätzliche Vollzeitkräfte').fill('3');
    const [y, m, d] = api.forecast.today.split('-').map(Number) as [number, number, number];
    const from = new Date(Date.UTC(y, m - 1, d + 7)).toISOString().slice(0, 10);
    await page.getByLabel('Ab', { exact: true }).fill(from);
    await page.getByLabel('Weniger Eingang').fill('10');
    await page.getByRole('button', { name: 'Szenario berechnen' }).click();
    const comparison = page.getByTestId('was-waere-wenn-vergleich');
    await comparison.waitFor({ timeout: 30_000 });
    expect(await comparison.locator('tbody tr').count()).toBe(4);
    const text = await comparison.innerText();
    expect(text).toMatch(/ohne Ma(ß|ss)nahmen/i);
    expect(text).toMatch(/mit Ma(ß|ss)nahmen/i);
    await expect(page.locator('.whatif-result').innerText()).resolves.toMatch(
      /3 zusätzliche Vollzeitkräfte ab \d{2}\.\d{2}\.\d{4}, 10 % weniger Eingang/,
    );
    expect(text).toMatch(/Tage? früher|unverändert|absehbar/);
    expect(await imageLoaded(page, 'was-waere-wenn-diagramm')).toBeGreaterThan(0);
    await expect(page.getByTestId('abbau-diagramm').getAttribute('src')).resolves.toContain('extraStaff=3');
    expect(await imageLoaded(page, 'abbau-diagramm')).toBeGreaterThan(0);
    await page.getByRole('heading', { name: 'Was wäre, wenn …?' }).scrollIntoViewIfNeeded();
    await env.shoot(page, '02-was-waere-wenn', false);
    expect(await seriousViolations(page), 'Übersicht mit Szenario').toEqual([]);

    expect(errors).toEqual([]);
    await close();
  });

  it('markiert fällige Zwischennachrichten und vermerkt den Versand genau einmal', async () => {
    const { page, errors, close } = await leadPage();
    // The rescoring job runs 5 s after start and decides which notices are due.
    let due = 0;
    const until = Date.now() + 25_000;
    while (Date.now() < until) {
      due = (await apiGet<DashboardJson>(page, '/api/v1/dashboard')).body.interimNotices.due;
      if (due > 0) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(due, 'die Demo hat nach dem Rescoring keine fällige Zwischennachricht').toBeGreaterThan(0);

    await page.goto(`${env.base}/app/dashboard`);
    const list = page.getByTestId('liste-zwischennachrichten');
    await list.waitFor();
    const first = list.locator('tbody tr').first();
    const reference = (await first.getAttribute('data-reference')) ?? '';
    expect(reference).not.toBe('');

    // Worklist row carries the badge.
    await page.goto(`${env.base}/app/?anzahl=500`);
    const row = page.locator(`[data-testid="arbeitsliste"] tr[data-reference="${reference}"]`);
    await row.waitFor();
    await expect(row.innerText()).resolves.toMatch(/Zwischennachricht bis \d{2}\.\d{2}\.\d{4}/);
    await expect(page.locator('.page-head p').first().innerText()).resolves.toMatch(/Zwischennachrichten/);
    await row.scrollIntoViewIfNeeded();
    await env.shoot(page, '03-arbeitsliste-zwischennachricht', false);

    // From the dashboard list to the concern.
    await page.goto(`${env.base}/app/dashboard`);
    await list.getByRole('link', { name: reference }).click();
    await page.waitForURL(new RegExp(`/app/anliegen/${reference}$`));
    await expect(page.getByTestId('vorgangsnummer').innerText()).resolves.toBe(reference);
    const badge = page.locator('.detail-head').getByTestId('zwischennachricht-faellig');
    await expect(badge.innerText()).resolves.toMatch(/Zwischennachricht bis \d{2}\.\d{2}\.\d{4}/);
    await env.shoot(page, '04-anliegen-zwischennachricht');
    expect(await seriousViolations(page), 'Anliegen mit fälliger Zwischennachricht').toEqual([]);

    await page.getByLabel('Notiz (optional)').fill('Begründete Zwischennachricht per Brief versandt.');
    await page.getByRole('button', { name: 'Zwischennachricht versandt' }).click();
    const box = page.getByTestId('zwischennachricht');
    await expect.poll(() => box.innerText()).toMatch(/Zwischennachricht versandt am \d{2}\.\d{2}\.\d{4}/);
    await expect(page.locator('.detail-head').innerText()).resolves.toMatch(/Zwischennachricht versandt am/);
    await expect(page.getByRole('status').first().innerText()).resolves.toContain('als versandt vermerkt');
    const history = page.getByRole('region', { name: 'Verlauf' });
    await expect(history.innerText()).resolves.toContain('Zwischennachricht versandt');
    await expect(history.innerText()).resolves.toContain('per Brief versandt');
    await env.shoot(page, '05-anliegen-versandt');
    expect(await seriousViolations(page), 'Anliegen nach Versand').toEqual([]);

    // Twice is refused by the server.
    const again = await page.evaluate(async (ref) => {
      const res = await fetch(`/api/v1/concerns/${ref}/interim-notice`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      return res.status;
    }, reference);
    expect(again).toBe(409);

    expect(errors).toEqual([]);
    await close();
  });

  it('zeigt der Sachbearbeitung keine Übersicht, sondern „keine Berechtigung“', async () => {
    const { ctx, page } = await staffPage(env.browser, { width: 1280, height: 800 });
    await login(page, env.base, 'sachbearbeitung@demo.example');
    await page.getByTestId('arbeitsliste').waitFor();
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    await expect(nav.getByRole('link', { name: 'Arbeitsliste' }).count()).resolves.toBe(1);
    await expect(nav.getByRole('link', { name: 'Übersicht' }).count()).resolves.toBe(0);

    await page.goto(`${env.base}/app/dashboard`);
    const denied = page.getByTestId('keine-berechtigung');
    await denied.waitFor();
    await expect(denied.innerText()).resolves.toMatch(/keine Berechtigung/i);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toMatch(/Keine Berechtigung/);
    expect((await apiGet(page, '/api/v1/dashboard')).status).toBe(403);
    await env.shoot(page, '06-keine-berechtigung');
    expect(await seriousViolations(page), 'Keine Berechtigung').toEqual([]);
    await ctx.close();
  });
});
