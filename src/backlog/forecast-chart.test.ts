import { describe, expect, it } from 'vitest';
import { compareWhatIf, forecastClearance, type ForecastInput, type HistoryDay } from './forecast.js';
import { germanDate, renderBurndownSvg, renderWhatIfSvg } from './forecast-chart.js';
import { wrapText } from '../shared/chart.js';
import { layoutProblems } from '../../test/support/svg-layout.js';

const TODAY = '2025-03-07';

function history(done: number, arrived: number): HistoryDay[] {
  const t = Date.parse(`${TODAY}T00:00:00Z`);
  const out: HistoryDay[] = [];
  for (let i = 84; i >= 1; i--) {
    const date = new Date(t - i * 86_400_000);
    const wd = date.getUTCDay();
    const work = wd !== 0 && wd !== 6;
    // A weekly wave so the band has width.
    out.push({
      date: date.toISOString().slice(0, 10),
      done: work ? done + (i % 5) * 3 : 0,
      arrived: work ? arrived + (i % 3) * 2 : 0,
    });
  }
  return out;
}

const input: ForecastInput = {
  today: TODAY,
  workClasses: [
    { key: 'P1', label: 'medizinisch dringend', backlog: 80, history: history(6, 2) },
    { key: 'P2', label: 'existenzsichernd', backlog: 300, history: history(14, 6) },
  ],
  staff: { current: 6 },
};

const BURNDOWN_CLEAR = ['Offene Anliegen (Anzahl)', 'Datum', 'Median', 'Band 15–85 %'];
const MARKERS = ['P50 abgebaut', 'P85 abgebaut', 'P95 abgebaut'];

describe('renderBurndownSvg', () => {
  it('draws a standalone SVG with German labels and the clearance markers', () => {
    const result = forecastClearance(input, { runs: 1000, seed: 2 });
    const svg = renderBurndownSvg(result, { width: 900, height: 480 });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain('fill="#ffffff"');
    for (const label of ['Offene Anliegen (Anzahl)', 'Datum', 'Median', 'Band 15–85 %', ...MARKERS]) {
      expect(svg).toContain(label);
    }
    expect(svg).toContain(`P85: ${germanDate(result.overall.p85!)}`);
    expect(svg).toContain('width="900"');
    expect(layoutProblems(svg, [...BURNDOWN_CLEAR, ...MARKERS])).toEqual([]);
  });

  it('keeps title, subtitle, axis names, legend and tick labels apart at any size', () => {
    const big: ForecastInput = {
      ...input,
      workClasses: [
        {
          key: 'P2',
          label: 'existenzsichernd, mit einem sehr langen Namen der Arbeitsklasse',
          backlog: 1_250_000,
          history: history(30_000, 9_000),
        },
      ],
    };
    const result = forecastClearance(big, { runs: 300, seed: 3 });
    const cases = [
      renderBurndownSvg(result),
      renderBurndownSvg(result, { title: 'Abbauprognose offener Anliegen', width: 1000, height: 520 }),
      renderBurndownSvg(result, { classKey: 'P2', width: 600, height: 400 }),
      renderBurndownSvg(result, { classKey: 'P2', width: 420, height: 360 }),
    ];
    for (const svg of cases) {
      expect(layoutProblems(svg, [...BURNDOWN_CLEAR, ...MARKERS])).toEqual([]);
      // German thousands separators on the value axis, never 1,250,000.
      expect(svg).toMatch(/>\d\.\d{3}\.\d{3}</);
      expect(svg).not.toMatch(/>\d{1,3}(,\d{3})+</);
    }
  });

  it('names the image for screen readers', () => {
    const result = forecastClearance(input, { runs: 500, seed: 2 });
    const svg = renderBurndownSvg(result, { title: 'Abbauprognose offener Anliegen' });
    const p85 = germanDate(result.overall.p85!);
    expect(svg).toMatch(
      /^<svg [^>]*role="img" aria-label="Abbauprognose offener Anliegen\. Stand 07\.03\.2025/,
    );
    expect(svg).toMatch(new RegExp(`^<svg [^>]*aria-label="[^"]*P85: ${p85.replace(/\./g, '\\.')}`));
    expect(svg).toMatch(/^<svg [^>]*><title>Abbauprognose offener Anliegen\. /);
  });

  it('charts a single class and rejects unknown classes', () => {
    const result = forecastClearance(input, { runs: 500, seed: 2 });
    const svg = renderBurndownSvg(result, { classKey: 'P2', title: 'Abbau P2' });
    expect(svg).toContain('Abbau P2');
    expect(svg).toContain(`P95: ${germanDate(result.classes[1]!.p95!)}`);
    expect(() => renderBurndownSvg(result, { classKey: 'P9' })).toThrow(RangeError);
  });

  it('says when the backlog does not clear within the horizon', () => {
    const growing: ForecastInput = {
      ...input,
      workClasses: [{ key: 'P3', label: 'fristgebunden', backlog: 50, history: history(2, 10) }],
    };
    const svg = renderBurndownSvg(forecastClearance(growing, { runs: 500, horizonDays: 90 }));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('nicht innerhalb von 90 Tagen');
    // No marker line is drawn, so the legend does not list one.
    for (const marker of MARKERS) expect(svg).not.toContain(marker);
    expect(layoutProblems(svg, BURNDOWN_CLEAR)).toEqual([]);
  });

  it('shows the German note without data', () => {
    const none: ForecastInput = {
      ...input,
      workClasses: [{ key: 'P4', label: 'Standard', backlog: 5, history: [] }],
    };
    const svg = renderBurndownSvg(forecastClearance(none, { runs: 100 }));
    expect(svg).toContain('Noch keine Durchsatzdaten');
    // The long note wraps instead of running off a narrow chart or into the axis name.
    const narrow = renderBurndownSvg(forecastClearance(none, { runs: 100 }), { width: 500, height: 400 });
    for (const chart of [svg, narrow]) expect(layoutProblems(chart, BURNDOWN_CLEAR)).toEqual([]);
  });
});

describe('renderWhatIfSvg', () => {
  it('draws one bar per scenario with its P85 day', () => {
    const cmp = compareWhatIf(
      input,
      [
        { name: '+2 VZÄ & Überstunden', whatIf: { extraStaff: 2, overtimePercent: 10 } },
        { name: 'Chatbot', whatIf: { deflectionPercent: 30 } },
      ],
      { runs: 1000, seed: 4 },
    );
    const svg = renderWhatIfSvg(cmp);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Ausgangslage');
    expect(svg).toContain('+2 VZÄ &amp; Überstunden');
    expect(svg).toContain('Chatbot');
    expect(svg).toContain('Kalendertage bis P85');
    expect(svg).toContain(`${cmp.baseline.overall.days.p85} Tage`);
    const saved = cmp.scenarios[0]!.overall.savedDays.p85!;
    expect(saved).toBeGreaterThan(0);
    expect(svg).toContain(`${saved} Tage früher`);
    expect(layoutProblems(svg, ['Kalendertage bis P85', 'Ausgangslage', 'Chatbot'])).toEqual([]);
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-label="Was-wäre-wenn: [^"]*Chatbot: \d+ Tage/);
  });
});

describe('wrapText', () => {
  it('breaks at spaces into lines no longer than the limit, losing no word', () => {
    const text =
      'Noch keine Durchsatzdaten: Es sind keine erledigten und eingegangenen Anliegen je Tag erfasst.';
    const lines = wrapText(text, 30);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(30);
    expect(lines.join(' ')).toBe(text);
    expect(wrapText('kurz', 30)).toEqual(['kurz']);
    expect(wrapText('', 30)).toEqual([]);
  });
});
