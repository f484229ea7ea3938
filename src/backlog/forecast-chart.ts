/**
 * SVG charts for the clearance forecast (echarts, server-side rendering): the burn-down with its
 * 15–85 % band and clearance markers, and a bar chart comparing what-if scenarios.
 */
import * as echarts from 'echarts';
import type { Band, ForecastResult, ScenarioClassSummary, WhatIfComparison } from './forecast.js';

export interface ChartOptions {
  title?: string;
  width?: number;
  height?: number;
  /** Chart one work class instead of all classes together. */
  classKey?: string;
}

const COLOR = {
  median: '#1f4e79',
  band: 'rgba(31, 78, 121, 0.2)',
  p50: '#2e7d32',
  p85: '#d35400',
  p95: '#b71c1c',
  bar: '#1f4e79',
  baseline: '#7f8c8d',
  notCleared: '#c0392b',
  text: '#222222',
};

/** 2025-03-21 → 21.03.2025 */
export function germanDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

function shortDate(iso: string): string {
  const [, m, d] = iso.split('-');
  return `${d}.${m}.`;
}

function render(width: number, height: number, option: echarts.EChartsCoreOption): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

function describe(label: string, date: string | null, horizon: number): string {
  return `${label}: ${date === null ? `nicht innerhalb von ${horizon} Tagen` : germanDate(date)}`;
}

/** Burn-down of open items: median line, shaded 15–85 % band and vertical P50/P85/P95 markers. */
export function renderBurndownSvg(result: ForecastResult, options: ChartOptions = {}): string {
  const width = options.width ?? 1000;
  const height = options.height ?? 520;
  let band: Band = result.burndown.total;
  let scope = 'alle Arbeitsklassen';
  let clearance: { p50: string | null; p85: string | null; p95: string | null } = result.overall;
  if (options.classKey !== undefined) {
    const cls = result.classes.find((c) => c.key === options.classKey);
    const perClass = result.burndown.perClass.find((c) => c.key === options.classKey);
    if (!cls) throw new RangeError(`unknown work class ${options.classKey}`);
    band = perClass ?? { p15: [], p50: [], p85: [] };
    scope = cls.label;
    clearance = cls;
  }
  const dates = result.burndown.dates;
  const title = options.title ?? `Abbauprognose: offene Anliegen (${scope})`;
  const subtitle = [
    `Stand ${germanDate(result.today)}, ${result.runs.toLocaleString('de-DE')} Simulationsläufe`,
    describe('P50', clearance.p50, result.horizonDays),
    describe('P85', clearance.p85, result.horizonDays),
    describe('P95', clearance.p95, result.horizonDays),
  ].join(' · ');
  const onChart = new Set(dates);
  // Marker lines end at staggered heights so their labels never overlap, however close the dates are.
  const top = Math.max(1, ...band.p85);
  const marker = (name: string, date: string | null, color: string, height: number) => ({
    name,
    type: 'line' as const,
    data: [] as number[],
    color,
    markLine:
      date !== null && onChart.has(date)
        ? {
            silent: true,
            symbol: 'none',
            lineStyle: { color, type: 'dashed' as const, width: 1.5 },
            label: {
              formatter: `${name.split(' ')[0]}: ${germanDate(date)}`,
              color,
              position: 'end' as const,
              backgroundColor: '#ffffff',
            },
            data: [[{ coord: [date, 0] }, { coord: [date, top * height] }]],
          }
        : undefined,
  });
  const spread = band.p85.map((v, i) => Math.max(0, v - (band.p15[i] ?? 0)));
  return render(width, height, {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { color: COLOR.text },
    title: {
      text: title,
      subtext: result.note ?? subtitle,
      left: 'center',
      top: 8,
      textStyle: { fontSize: 16, color: COLOR.text },
      subtextStyle: { fontSize: 12, color: '#444444' },
    },
    legend: {
      bottom: 8,
      data: [
        { name: 'Median', icon: 'path://M0,4 L20,4 L20,6 L0,6 Z' },
        { name: 'Band 15–85 %', icon: 'rect' },
        { name: 'P50 abgebaut' },
        { name: 'P85 abgebaut' },
        { name: 'P95 abgebaut' },
      ],
      textStyle: { color: COLOR.text },
    },
    grid: { left: 80, right: 40, top: 80, bottom: 80 },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: dates,
      name: 'Datum',
      nameLocation: 'middle',
      nameGap: 30,
      axisLabel: { formatter: (value: string) => shortDate(value), color: COLOR.text },
    },
    yAxis: {
      type: 'value',
      name: 'offene Anliegen',
      min: 0,
      axisLabel: { formatter: (v: number) => v.toLocaleString('de-DE'), color: COLOR.text },
    },
    series: [
      {
        name: 'Band unten',
        type: 'line',
        stack: 'band',
        data: band.p15,
        showSymbol: false,
        lineStyle: { opacity: 0 },
        silent: true,
      },
      {
        name: 'Band 15–85 %',
        type: 'line',
        stack: 'band',
        data: spread,
        showSymbol: false,
        color: COLOR.band,
        lineStyle: { opacity: 0 },
        areaStyle: { color: COLOR.band },
        silent: true,
      },
      {
        name: 'Median',
        type: 'line',
        data: band.p50,
        showSymbol: false,
        color: COLOR.median,
        lineStyle: { width: 2, color: COLOR.median },
      },
      marker('P50 abgebaut', clearance.p50, COLOR.p50, 0.95),
      marker('P85 abgebaut', clearance.p85, COLOR.p85, 0.8),
      marker('P95 abgebaut', clearance.p95, COLOR.p95, 0.65),
    ],
  });
}

/** Bar chart of the P85 clearance day per scenario (baseline first), overall or for one class. */
export function renderWhatIfSvg(comparison: WhatIfComparison, options: ChartOptions = {}): string {
  const width = options.width ?? 1000;
  const rows = [comparison.baseline, ...comparison.scenarios];
  const height = options.height ?? Math.max(260, 120 + rows.length * 48);
  const pickLine = (s: (typeof rows)[number]): ScenarioClassSummary => {
    if (options.classKey === undefined) return s.overall;
    const line = s.classes.find((c) => c.key === options.classKey);
    if (!line) throw new RangeError(`unknown work class ${options.classKey}`);
    return line;
  };
  const lines = rows.map(pickLine);
  const scope =
    options.classKey === undefined ? 'alle Arbeitsklassen' : (lines[0]?.label ?? options.classKey);
  const horizon = comparison.horizonDays;
  const data = lines.map((l, i) => {
    const days = l.days.p85;
    const saved = l.savedDays.p85;
    const text =
      days === null
        ? `nicht innerhalb von ${horizon} Tagen`
        : `${days} Tage (${germanDate(l.p85!)})` +
          (i > 0 && saved !== null && saved !== 0
            ? `, ${saved > 0 ? saved : `+${-saved}`} Tage ${saved > 0 ? 'früher' : 'später'}`
            : '');
    return {
      value: days ?? horizon,
      itemStyle: { color: days === null ? COLOR.notCleared : i === 0 ? COLOR.baseline : COLOR.bar },
      label: { show: true, position: 'right' as const, formatter: text, color: COLOR.text },
    };
  });
  return render(width, height, {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { color: COLOR.text },
    title: {
      text: options.title ?? `Was-wäre-wenn: Abbau mit 85 % Sicherheit (${scope})`,
      subtext: `Stand ${germanDate(comparison.today)}, ${comparison.runs.toLocaleString('de-DE')} Simulationsläufe je Szenario, gleiche Zufallszahlen`,
      left: 'center',
      top: 8,
      textStyle: { fontSize: 16, color: COLOR.text },
      subtextStyle: { fontSize: 12, color: '#444444' },
    },
    grid: { left: 220, right: 260, top: 70, bottom: 50 },
    xAxis: {
      type: 'value',
      name: 'Kalendertage bis P85',
      nameLocation: 'middle',
      nameGap: 28,
      min: 0,
      axisLabel: { color: COLOR.text },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.name),
      axisLabel: { color: COLOR.text, width: 200, overflow: 'truncate' },
    },
    series: [{ name: 'P85 abgebaut', type: 'bar', barMaxWidth: 28, data }],
  });
}
