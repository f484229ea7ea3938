import { beforeAll, describe, expect, it } from 'vitest';
import { layoutProblems } from '../../test/support/svg-layout.js';
import { renderChart } from './simulate/chart.js';
import { POLICIES, SCENARIOS, simulate, type SimulationResult } from './simulate/index.js';

describe('simulation chart', () => {
  let result: SimulationResult;
  beforeAll(() => {
    result = simulate(
      { ...SCENARIOS['bitmarck-2023']!, insured: 20_000, staff: 30, seed: 7 },
      { policies: POLICIES },
    );
  });

  it('draws a German chart whose titles, axis names, legend and labels never collide', () => {
    const clear = [
      'Offener Bestand je Tag',
      'P95-Wartezeit je Prioritätsklasse',
      'Anliegen',
      'Stunden',
      'Tage seit Ausfallbeginn',
      'Prioritätsklasse',
      'FIFO (älteste zuerst)',
      'Klasse, dann Alter',
      'EDD (früheste Frist)',
      'vorrang',
      'Ausfall',
    ];
    for (const svg of [renderChart(result), renderChart(result, 700, 560)]) {
      expect(svg.startsWith('<svg')).toBe(true);
      expect(layoutProblems(svg, clear)).toEqual([]);
      expect(svg).toContain('>Ausfall-Simulation bitmarck-2023<');
      expect(svg).toContain('>medizinisch dringend<');
      // German thousands separators on the stock axis, never 2,500.
      expect(svg).toMatch(/>\d\.\d{3}</);
      expect(svg).not.toMatch(/>\d{1,3}(,\d{3})+</);
      expect(svg).toMatch(
        /^<svg [^>]*role="img" aria-label="Ausfall-Simulation bitmarck-2023\. 20\.000 Versicherte [^"]*vorrang: höchstens [\d.]+ offene Anliegen/,
      );
      expect(svg).toMatch(/^<svg [^>]*><title>Ausfall-Simulation bitmarck-2023\. /);
    }
  });
});
