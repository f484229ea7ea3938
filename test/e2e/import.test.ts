/**
 * End to end, against the real server in a child process: the team lead opens the import page from the
 * navigation, is told to choose a file first, uploads a small CSV file from disk (valid rows, a row
 * repeated, two invalid rows) by keyboard, follows it to "fertig", and finds the counts, a full progress
 * bar, the rejected rows with their reasons, the file in the list of imports and the way to the
 * Arbeitsliste. A case worker gets no import. Every screen is checked with axe-core and photographed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiGet,
  haveChromium,
  login,
  root,
  seriousViolations,
  staffPage,
  useServerAndBrowser,
} from './support.js';

const SHOTS = path.join(root, 'test-results/import');
const chromiumPresent = haveChromium('import');

/** Six data rows: three new, one repeated word for word, one impossible date, one without text. */
const CSV = [
  'externalId;receivedAt;channel;senderKind;senderName;subject;text',
  'E2E-1;03.04.2023 08:30;letter;insured;Erika Mustermann;Krankengeld;"Seit drei Wochen ist kein Krankengeld gekommen; die Miete ist fällig."',
  'E2E-2;2023-04-05T14:00:00+02:00;phone_note;relative;Hans Muster;;Meine Mutter wird morgen aus der Klinik entlassen und braucht ein Pflegebett.',
  'E2E-3;11.04.2023;email;insured;;Adresse;Ich möchte meine neue Adresse mitteilen.',
  'E2E-3;11.04.2023;email;insured;;Adresse;Ich möchte meine neue Adresse mitteilen.',
  'E2E-4;31.02.2023 10:00;letter;insured;;;Das Datum gibt es nicht.',
  'E2E-5;01.03.2023 10:00;letter;insured;;Ohne Text;',
  '',
].join('\r\n');

interface ImportJson {
  status: string;
  fileName: string | null;
  totalRows: number | null;
  accepted: number;
  duplicates: number;
  rejected: number;
  bytesRead: number;
  bytesTotal: number | null;
}

const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe.skipIf(!chromiumPresent)('Teamleitung: Altbestand importieren', () => {
  const env = useServerAndBrowser({ demoSize: 60, shots: SHOTS });
  let dir = '';
  let csvFile = '';

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vorrang-e2e-import-'));
    csvFile = path.join(dir, 'altbestand-e2e.csv');
    fs.writeFileSync(csvFile, CSV, 'utf8');
  });

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lädt eine CSV-Datei hoch, zeigt den Fortschritt bis „fertig“ und die abgelehnten Zeilen mit Grund', async () => {
    // bypassCSP only lets the test inject axe-core; the app itself runs under the server's CSP.
    const { ctx, page } = await staffPage(env.browser);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await login(page, env.base, 'teamleitung@demo.example');
    await page.getByTestId('arbeitsliste').waitFor();

    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    await nav.getByRole('link', { name: 'Import' }).click();
    await page.waitForURL(/\/app\/import$/);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Altbestand importieren');
    await expect(nav.getByRole('link', { name: 'Import' }).getAttribute('aria-current')).resolves.toBe(
      'page',
    );
    await expect(page.getByRole('region', { name: 'Aufbau der Datei' }).innerText()).resolves.toContain(
      'externalId',
    );
    await page.getByText('Es wurde noch kein Altbestand importiert.').waitFor();
    expect(await seriousViolations(page), 'Importseite leer').toEqual([]);

    // Without a file the form says so, next to the field, and puts the focus there.
    await page.getByRole('button', { name: 'Import starten' }).click();
    await expect(page.locator('#import-datei-fehler').innerText()).resolves.toBe(
      'Bitte wählen Sie eine Datei aus.',
    );
    await expect(page.getByLabel('Datei', { exact: true }).getAttribute('aria-invalid')).resolves.toBe(
      'true',
    );
    expect(await activeId(page)).toBe('import-datei');

    // A real file from disk, sent by keyboard.
    await page.getByLabel('Datei', { exact: true }).setInputFiles(csvFile);
    await expect(page.getByTestId('import-datei-info').innerText()).resolves.toMatch(/^CSV, \d/);
    await expect(page.locator('#import-datei-fehler').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Import starten' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/app\/import\?id=[0-9a-f-]{36}$/);
    const id = new URL(page.url()).searchParams.get('id') ?? '';

    const detail = page.getByTestId('import-detail');
    await expect
      .poll(() => detail.getByTestId('import-status').innerText(), { timeout: 60_000 })
      .toBe('fertig');
    // The new import took the focus, so its progress is what a screen reader reads next.
    expect(await activeId(page)).toBe('import-detail-titel');
    await expect(detail.getByRole('heading', { level: 2 }).first().innerText()).resolves.toBe(
      'Import „altbestand-e2e.csv“',
    );

    const figure = async (key: string) =>
      (await detail.getByTestId(`import-${key}`).locator('dd').innerText()).trim();
    expect(await figure('gelesen')).toBe('6');
    expect(await figure('uebernommen')).toBe('3');
    expect(await figure('duplikate')).toBe('1');
    expect(await figure('abgelehnt')).toBe('2');
    expect(await figure('tempo')).toMatch(/^[\d.,]+$|^–$/);

    // The bar stands at its maximum, and says so in words.
    const bar = detail.getByRole('progressbar', { name: 'Fortschritt' });
    const { value, max } = await bar.evaluate((el) => ({
      value: (el as HTMLProgressElement).value,
      max: (el as HTMLProgressElement).max,
    }));
    expect(max).toBe(6);
    expect(value).toBe(max);
    await expect(bar.getAttribute('aria-valuetext')).resolves.toBe('6 von 6 Zeilen verarbeitet');

    // The same counts as the API, and the file's name kept with the job.
    const api = await apiGet<ImportJson>(page, `/api/v1/imports/${id}`);
    expect(api.status).toBe(200);
    expect(api.body).toMatchObject({
      status: 'done',
      fileName: 'altbestand-e2e.csv',
      totalRows: 6,
      accepted: 3,
      duplicates: 1,
      rejected: 2,
      bytesRead: Buffer.byteLength(CSV),
      bytesTotal: Buffer.byteLength(CSV),
    });

    // The rejected rows, with their line in the file and the reason.
    const rejected = detail.getByTestId('abgelehnte-zeilen');
    await rejected.waitFor();
    await expect(rejected.locator('tbody tr').count()).resolves.toBe(2);
    const badDate = rejected.locator('tr[data-line="6"]');
    await expect(badDate.innerText()).resolves.toContain('E2E-4');
    await expect(badDate.innerText()).resolves.toContain('„31.02.2023 10:00“ ist kein gültiges Datum');
    const noText = rejected.locator('tr[data-line="7"]');
    await expect(noText.innerText()).resolves.toContain('E2E-5');
    await expect(noText.innerText()).resolves.toContain('Pflichtfeld „text“ fehlt');

    const outcome = detail.getByTestId('import-ergebnis');
    await expect(outcome.innerText()).resolves.toContain('3 Anliegen wurden übernommen');
    await expect(outcome.getByRole('link', { name: 'Zur Arbeitsliste' }).getAttribute('href')).resolves.toBe(
      '/app/',
    );

    // The list of imports has it, marked as the one shown, with status and counts.
    const row = page.locator(`[data-testid="import-liste"] tr[data-import-id="${id}"]`);
    await expect.poll(() => row.locator('td').nth(2).innerText()).toBe('fertig');
    const cells = await row.locator('td').allInnerTexts();
    expect(cells[1]).toContain('altbestand-e2e.csv');
    expect(cells.slice(3).map((c) => c.trim())).toEqual(['6', '3', '1', '2']);
    await expect(row.getByRole('link').getAttribute('aria-current')).resolves.toBe('true');

    expect(await seriousViolations(page), 'Importseite nach dem Import').toEqual([]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await env.shoot(page, '01-import-fertig');

    // Opened again from its address, it shows the same outcome; the link leads to the Arbeitsliste.
    await page.goto(`${env.base}/app/import?id=${id}`);
    await expect.poll(() => detail.getByTestId('import-status').innerText()).toBe('fertig');
    await detail.getByTestId('abgelehnte-zeilen').waitFor();
    await detail.getByTestId('import-ergebnis').getByRole('link', { name: 'Zur Arbeitsliste' }).click();
    await page.waitForURL(/\/app\/$/);
    await page.getByTestId('arbeitsliste').waitFor();

    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('zeigt der Sachbearbeitung keinen Import, sondern „keine Berechtigung“', async () => {
    const { ctx, page } = await staffPage(env.browser, { width: 1280, height: 800 });
    await login(page, env.base, 'sachbearbeitung@demo.example');
    await page.getByTestId('arbeitsliste').waitFor();
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    await expect(nav.getByRole('link', { name: 'Import' }).count()).resolves.toBe(0);

    await page.goto(`${env.base}/app/import`);
    const denied = page.getByTestId('keine-berechtigung');
    await denied.waitFor();
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(
      'Keine Berechtigung für den Import',
    );
    expect((await apiGet(page, '/api/v1/imports')).status).toBe(403);
    await env.shoot(page, '02-keine-berechtigung');
    expect(await seriousViolations(page), 'Import ohne Berechtigung').toEqual([]);
    await ctx.close();
  });
});
