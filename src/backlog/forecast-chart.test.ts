import { describe, expect, it } from 'vitest';
import { compareWhatIf, forecastClearance, type ForecastInput, type HistoryDay } from './forecast.js';
import { germanDate, renderBurndownSvg, renderWhatIfSvg } from './forecast-chart.js';

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

describe('renderBurndownSvg', () => {
  it('draws a standalone SVG with German labels and the clearance markers', () => {
    const result = forecastClearance(input, { runs: 1000, seed: 2 });
    const svg = renderBurndownSvg(result, { width: 900, height: 480 });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain('fill="#ffffff"');
    for (const label of [
      'offene Anliegen',
      'Median',
      'Band 15–85 %',
      'P50 abgebaut',
      'P85 abgebaut',
      'P95 abgebaut',
    ]) {
      expect(svg).toContain(label);
    }
    expect(svg).toContain(`P85: ${germanDate(result.overall.p85!)}`);
    expect(svg).toContain('width="900"');
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
  });

  it('shows the German note without data', () => {
    const none: ForecastInput = {
      ...input,
      workClasses: [{ key: 'P4', label: 'Standard', backlog: 5, history: [] }],
    };
    const svg = renderBurndownSvg(forecastClearance(none, { runs: 100 }));
    expect(svg).toContain('Noch keine Durchsatzdaten');
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
  });
});
