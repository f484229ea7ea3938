/**
 * End to end, against the real server in a child process: a relative files a medically urgent concern
 * through the public form (without JavaScript), a team lead finds it at the top of the worklist, takes
 * it and completes it. Every screen on the way is checked with axe-core and photographed into
 * test-results/ for review.
 */
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, root, seriousViolations, useServerAndBrowser } from './support.js';

const SHOTS = path.join(root, 'test-results/staff-journey');
const REFERENCE = /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]/;
const chromiumPresent = haveChromium('staff-journey');

const URGENT_SUBJECT = 'Schmerzpumpe vor Entlassung morgen – Palliativpatient';
const URGENT_TEXT = [
  'Guten Tag,',
  '',
  'mein Vater (Palliativpatient, SAPV ist verordnet) liegt im Klinikum und wird morgen entlassen.',
  'Zu Hause braucht er sofort eine Schmerzpumpe. Der Sozialdienst sagt, die Genehmigung muss vor der Entlassung morgen vorliegen.',
  '',
  'Bitte melden Sie sich dringend. <b>Danke</b>',
  'Sabine Vogt',
].join('\n');

describe.skipIf(!chromiumPresent)('Sachbearbeitung: vom Webformular bis „erledigt“', () => {
  const env = useServerAndBrowser({ demoSize: 300, shots: SHOTS });
  let staff: BrowserContext;
  let reference = '';

  beforeAll(async () => {
    // bypassCSP only lets the test inject axe-core; the app itself runs under the server's CSP.
    staff = await env.browser.newContext({
      viewport: { width: 1440, height: 1000 },
      locale: 'de-DE',
      bypassCSP: true,
    });
  });

  it('startet die Arbeitsoberfläche unter der CSP des Servers (keine Inline-Skripte)', async () => {
    const strict = await env.browser.newContext({ locale: 'de-DE' });
    const page = await strict.newPage();
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
    });
    const res = await page.goto(`${env.base}/app/anliegen/ABCD-EFGH-1`);
    expect(res?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    await page.waitForURL(/\/app\/login\?weiter=/);
    await page.getByLabel('E-Mail-Adresse').waitFor();
    expect(refused).toEqual([]);
    await strict.close();
  });

  it('nimmt das Anliegen ohne JavaScript entgegen und bestätigt es mit Vorgangsnummer und Betrugswarnung', async () => {
    const noJs = await env.browser.newContext({
      javaScriptEnabled: false,
      locale: 'de-DE',
      viewport: { width: 1280, height: 900 },
    });
    const page = await noJs.newPage();
    await page.goto(`${env.base}/k/demo/anliegen`);
    await env.shoot(page, '01-formular');
    await page.getByLabel('Angehörige').check();
    await page.getByLabel('Name', { exact: true }).fill('Sabine Vogt');
    await page.getByLabel('E-Mail-Adresse').fill('sabine.vogt@example.org');
    await page.getByLabel('Betreff').fill(URGENT_SUBJECT);
    await page.getByLabel('Beschreibung').fill(URGENT_TEXT);
    await page.getByRole('button', { name: 'Anliegen absenden' }).click();
    await page.waitForLoadState('domcontentloaded');

    const body = await page.locator('main').innerText();
    const match = REFERENCE.exec(body);
    expect(match, `keine Vorgangsnummer in der Bestätigung:\n${body}`).not.toBeNull();
    reference = match?.[0] ?? '';
    expect(body).toMatch(/Vorsicht vor Betrug/);
    expect(body).toMatch(/niemals per E-Mail, SMS oder Telefon/);
    await env.shoot(page, '02-bestaetigung');
    const ackHtml = await page.content();
    await noJs.close();

    // axe needs JavaScript: scan the very same two pages in a scripting context.
    const scan = await staff.newPage();
    await scan.goto(`${env.base}/k/demo/anliegen`);
    expect(await seriousViolations(scan), 'Formular').toEqual([]);
    await scan.route(`${env.base}/k/demo/anliegen/bestaetigung-fuer-axe`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: ackHtml }),
    );
    await scan.goto(`${env.base}/k/demo/anliegen/bestaetigung-fuer-axe`);
    await expect(scan.locator('main').innerText()).resolves.toContain(reference);
    expect(await seriousViolations(scan), 'Bestätigung').toEqual([]);
    await scan.close();
  });

  it('zeigt das Anliegen als P1 vor älteren P4-Anliegen, lässt es übernehmen und erledigen', async () => {
    expect(reference).toMatch(REFERENCE);
    const page = await staff.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    // Login (with one wrong password first: the server's message is shown).
    await page.goto(`${env.base}/app/`);
    await page.waitForURL(/\/app\/login/);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('de');
    await page.getByLabel('E-Mail-Adresse').fill('teamleitung@demo.example');
    await page.getByLabel('Passwort').fill('falsch');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toContain('falsch');
    await env.shoot(page, '03-anmeldung-fehler');
    expect(await seriousViolations(page), 'Anmeldung').toEqual([]);
    await page.getByLabel('Passwort').fill('demo');
    await page.getByRole('button', { name: 'Anmelden' }).click();

    // Worklist: header, first page, "load more".
    const queue = page.getByTestId('arbeitsliste');
    await queue.waitFor();
    const banner = await page.getByRole('banner').innerText();
    expect(banner).toContain('Demo-BKK');
    expect(banner).toContain('Teamleitung');
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Arbeitsliste');
    const rows = queue.locator('tbody tr');
    expect(await rows.count()).toBe(50);
    await page.getByRole('button', { name: /weitere laden/ }).click();
    await expect.poll(() => rows.count()).toBe(100);
    await page.evaluate(() => window.scrollTo(0, 0));
    await env.shoot(page, '04-arbeitsliste', false);
    expect(await seriousViolations(page), 'Arbeitsliste').toEqual([]);

    // All open items at once (300 demo items fit in the 500 limit): compare positions.
    await page.goto(`${env.base}/app/?anzahl=500`);
    await queue.waitFor();
    await expect.poll(() => rows.count()).toBeGreaterThan(100);
    const order = await rows.evaluateAll((trs) =>
      trs.map((tr) => ({ ref: tr.getAttribute('data-reference'), cls: tr.getAttribute('data-class') })),
    );
    const mine = order.findIndex((r) => r.ref === reference);
    const firstP4 = order.findIndex((r) => r.cls === 'P4');
    expect(mine, 'neues Anliegen fehlt in der Arbeitsliste').toBeGreaterThanOrEqual(0);
    expect(firstP4, 'keine P4-Anliegen in der Demo-Arbeitsliste').toBeGreaterThanOrEqual(0);
    expect(order[mine]?.cls).toBe('P1');
    expect(mine).toBeLessThan(firstP4);
    // Work order (dispatch policy): every P1 item stands above every other item; below them, deadlines and
    // waiting time mix the classes, so P2–P4 need not be sorted by class.
    const lastP1 = order.map((r) => r.cls).lastIndexOf('P1');
    const firstOther = order.findIndex((r) => r.cls !== 'P1');
    expect(firstOther === -1 || lastP1 < firstOther).toBe(true);
    const row = queue.locator(`tr[data-reference="${reference}"]`);
    await expect(row.innerText()).resolves.toMatch(/P1\s*medizinisch dringend/);

    // Detail: text kept verbatim (line breaks, no HTML), deadlines, triage.
    await row.getByRole('link').click();
    await page.waitForURL(new RegExp(`/app/anliegen/${reference}$`));
    await expect(page.getByTestId('vorgangsnummer').innerText()).resolves.toBe(reference);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(URGENT_SUBJECT);
    const text = page.locator('pre.concern-text');
    // Browsers submit textarea line breaks as CRLF; either way they must survive as line breaks.
    expect((await text.innerText()).replace(/\r\n/g, '\n')).toContain('wird morgen entlassen.\nZu Hause');
    await expect(text.innerText()).resolves.toContain('<b>Danke</b>');
    expect(await text.locator('b').count()).toBe(0);
    await expect(page.getByRole('region', { name: 'Gesetzliche Fristen' }).innerText()).resolves.toMatch(
      /SGB/,
    );
    await expect(page.getByRole('region', { name: 'Einordnung' }).innerText()).resolves.toContain('P1');
    await env.shoot(page, '05-anliegen');
    expect(await seriousViolations(page), 'Anliegen').toEqual([]);

    // Take it, then complete it.
    await page.getByRole('button', { name: 'Übernehmen', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('bearbeitungsstand').innerText())
      .toContain('Sie bearbeiten dieses Anliegen');
    await expect(page.getByRole('region', { name: 'Verlauf' }).innerText()).resolves.toContain('Übernommen');
    await env.shoot(page, '06-anliegen-uebernommen');
    expect(await seriousViolations(page), 'Anliegen (übernommen)').toEqual([]);
    await page.getByRole('button', { name: 'Erledigt', exact: true }).click();
    await expect.poll(() => page.getByTestId('bearbeitungsstand').innerText()).toContain('erledigt');
    await expect(page.getByRole('status').first().innerText()).resolves.toContain('erledigt');
    await env.shoot(page, '07-anliegen-erledigt');

    // Gone from the worklist and from "Meine Anliegen".
    await page.getByRole('link', { name: 'Zurück zur Arbeitsliste' }).first().click();
    await queue.waitFor();
    await page.goto(`${env.base}/app/?anzahl=500`);
    await queue.waitFor();
    await expect.poll(() => rows.count()).toBeGreaterThan(100);
    expect(await page.locator(`tr[data-reference="${reference}"]`).count()).toBe(0);
    const list = (await page.evaluate(async () => {
      const res = await fetch('/api/v1/worklist?limit=500', { credentials: 'same-origin' });
      return res.json();
    })) as { items: { reference: string }[]; mine: { reference: string }[] };
    expect(list.items.map((i) => i.reference)).not.toContain(reference);
    expect(list.mine.map((i) => i.reference)).not.toContain(reference);

    // "Nächstes Anliegen übernehmen" takes the top of the list, then give it back.
    const top = await rows.first().getAttribute('data-reference');
    await page.getByRole('button', { name: 'Nächstes Anliegen übernehmen' }).click();
    await page.waitForURL(/\/app\/anliegen\//);
    await expect(page.getByTestId('vorgangsnummer').innerText()).resolves.toBe(top);
    await expect
      .poll(() => page.getByTestId('bearbeitungsstand').innerText())
      .toContain('Sie bearbeiten dieses Anliegen');
    await page.getByRole('button', { name: 'Freigeben', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('bearbeitungsstand').innerText())
      .toContain('Noch von niemandem übernommen');

    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
