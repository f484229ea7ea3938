/**
 * End to end, against the real server with the demo Kasse: the administration lands on the Verwaltung,
 * creates a team with a topic and an account in it, hands on the start password shown once; the new
 * person logs in with it and replaces it; the administration blocks the account and its session ends.
 * A case worker has no Verwaltung. Every screen is checked with axe-core and photographed into
 * test-results/admin/ for review.
 */
import path from 'node:path';
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

const SHOTS = path.join(root, 'test-results/admin');
const chromiumPresent = haveChromium('admin');

describe.skipIf(!chromiumPresent)('Administration: Teams und Konten', () => {
  const env = useServerAndBrowser({ demoSize: 40, shots: SHOTS });

  it('legt Team und Konto an; die neue Person ersetzt ihr Startpasswort; Sperren beendet ihre Sitzung', async () => {
    const { ctx, page } = await staffPage(env.browser);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await login(page, env.base, 'admin@demo.example');
    // Administration reads no concerns: it starts on the Verwaltung, and the nav has no worklist.
    await page.waitForURL(/\/app\/verwaltung$/);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Verwaltung');
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    await expect(nav.getByRole('link', { name: 'Arbeitsliste' }).count()).resolves.toBe(0);
    await expect(nav.getByRole('link', { name: 'Verwaltung' }).getAttribute('aria-current')).resolves.toBe(
      'page',
    );
    const teams = page.getByTestId('teams');
    await teams.waitFor();
    await expect(teams.innerText()).resolves.toContain('Geldleistungen');
    expect(await seriousViolations(page)).toEqual([]);
    await env.shoot(page, '1-verwaltung');

    // A new team for Widersprüche.
    const topics = await apiGet<{ topics: { slug: string; label: string }[] }>(page, '/api/v1/topics');
    const widerspruch = topics.body.topics.find((t) => t.slug === 'widerspruch');
    expect(widerspruch).toBeDefined();
    await page.getByRole('button', { name: 'Team anlegen' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Widerspruchsstelle');
    await page.getByRole('checkbox', { name: widerspruch!.label, exact: true }).check();
    expect(await seriousViolations(page)).toEqual([]);
    await env.shoot(page, '2-team-anlegen');
    await page.locator('form').getByRole('button', { name: 'Team anlegen' }).click();
    await expect
      .poll(() => page.getByRole('status').first().innerText())
      .toContain('Team „Widerspruchsstelle“ angelegt.');
    const row = teams.getByRole('row').filter({ hasText: 'Widerspruchsstelle' });
    await expect(row.innerText()).resolves.toContain(widerspruch!.label);
    // Cancelling a form returns the focus to the button that opened it.
    await row.getByRole('button', { name: 'Team Widerspruchsstelle bearbeiten' }).click();
    await page.getByRole('button', { name: 'Abbrechen' }).click();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Team Widerspruchsstelle bearbeiten');

    // An account in it, with a start password shown once.
    await page.getByRole('button', { name: 'Konto anlegen' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Lena Neumann');
    await page.getByLabel('Dienstliche E-Mail-Adresse').fill('lena.neumann@demo.example');
    await page.getByLabel('Team', { exact: true }).selectOption({ label: 'Widerspruchsstelle' });
    await page.locator('form').getByRole('button', { name: 'Konto anlegen' }).click();
    const notice = page.getByTestId('startpasswort');
    await notice.waitFor();
    const startPassword = (await notice.locator('code').innerText()).trim();
    expect(startPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const accounts = page.getByTestId('konten');
    const lena = accounts.getByRole('row').filter({ hasText: 'lena.neumann@demo.example' });
    await expect(lena.innerText()).resolves.toMatch(/Sachbearbeitung\s+Widerspruchsstelle\s+aktiv/);
    expect(await seriousViolations(page)).toEqual([]);
    await env.shoot(page, '3-konto-angelegt');

    // Lena logs in with the start password and replaces it.
    const second = await staffPage(env.browser);
    const lenaPage = second.page;
    await lenaPage.goto(`${env.base}/app/login`);
    await lenaPage.getByLabel('E-Mail-Adresse').fill('lena.neumann@demo.example');
    await lenaPage.getByLabel('Passwort').fill(startPassword);
    await lenaPage.getByRole('button', { name: 'Anmelden' }).click();
    await lenaPage.getByTestId('arbeitsliste').waitFor();
    await lenaPage.getByRole('link', { name: 'Passwort ändern' }).click();
    await lenaPage.waitForURL(/\/app\/passwort$/);
    await lenaPage.getByLabel('Bisheriges Passwort').fill(startPassword);
    await lenaPage.getByLabel('Neues Passwort', { exact: true }).fill('kurz');
    await lenaPage.getByLabel('Neues Passwort wiederholen').fill('anders');
    await lenaPage.getByRole('button', { name: 'Passwort ändern' }).click();
    await expect(lenaPage.locator('#passwort-wiederholung-fehler').innerText()).resolves.toContain(
      'stimmt nicht',
    );
    // The length rule comes from the server, next to its field.
    await lenaPage.getByLabel('Neues Passwort wiederholen').fill('kurz');
    await lenaPage.getByRole('button', { name: 'Passwort ändern' }).click();
    await expect(lenaPage.locator('#passwort-neu-fehler').innerText()).resolves.toContain(
      'mindestens 12 Zeichen',
    );
    expect(await seriousViolations(lenaPage)).toEqual([]);
    await env.shoot(lenaPage, '4-passwort-aendern');
    const newPassword = 'mein neues langes Passwort';
    await lenaPage.getByLabel('Neues Passwort', { exact: true }).fill(newPassword);
    await lenaPage.getByLabel('Neues Passwort wiederholen').fill(newPassword);
    await lenaPage.getByRole('button', { name: 'Passwort ändern' }).click();
    await expect(lenaPage.getByRole('status').innerText()).resolves.toContain('Ihr Passwort ist geändert');
    const login1 = await lenaPage.request.post(`${env.base}/api/v1/auth/login`, {
      data: { email: 'lena.neumann@demo.example', password: startPassword },
    });
    expect(login1.status()).toBe(401);
    expect((await apiGet(lenaPage, '/api/v1/auth/me')).status).toBe(200);

    // The administration blocks the account: Lena's session ends at once.
    await lena.getByRole('button', { name: 'Konto von Lena Neumann sperren' }).click();
    await page.locator('form').getByRole('button', { name: 'Sperren', exact: true }).click();
    await expect.poll(() => lena.innerText(), { timeout: 10_000 }).toContain('gesperrt');
    expect((await apiGet(lenaPage, '/api/v1/auth/me')).status).toBe(401);
    // The administration's own row offers neither blocking nor a reset (that would end this session).
    const own = accounts.getByRole('row').filter({ hasText: 'admin@demo.example' });
    await expect(own.getByRole('button', { name: /sperren|Neues Passwort/ }).count()).resolves.toBe(0);
    await env.shoot(page, '5-gesperrt');
    expect(errors).toEqual([]);
    await second.ctx.close();
    await ctx.close();
  });

  it('zeigt der Sachbearbeitung keine Verwaltung, aber den Weg zum eigenen Passwort', async () => {
    const { ctx, page } = await staffPage(env.browser);
    await login(page, env.base, 'sachbearbeitung@demo.example');
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    await expect(nav.getByRole('link', { name: 'Verwaltung' }).count()).resolves.toBe(0);
    await page.goto(`${env.base}/app/verwaltung`);
    await page.getByTestId('keine-berechtigung').waitFor();
    await expect(page.getByTestId('keine-berechtigung').innerText()).resolves.toContain('Passwort ändern');
    expect((await apiGet(page, '/api/v1/admin/accounts')).status).toBe(403);
    expect(await seriousViolations(page)).toEqual([]);
    await ctx.close();
  });
});
