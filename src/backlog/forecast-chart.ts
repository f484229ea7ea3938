/**
 * SVG charts for the clearance forecast (echarts, server-side rendering): the burn-down with its
 * 15–85 % band and clearance markers, and a bar chart comparing what-if scenarios.
 */
import { CHART_TEXT, chartHeader, legendHeight, renderSvgChart } from '../shared/chart.js';
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

function describe(label: string, date: string | null, horizon: number): string {
  return `${label}: ${date === null ? `nicht innerhalb von ${horizon} Tagen` : germanDate(date)}`;
}

/** Legend icon of a dashed vertical marker line, drawn horizontally. */
const DASHED_ICON = 'path://M0,4 L6,4 L6,6 L0,6 Z M9,4 L15,4 L15,6 L9,6 Z M18,4 L24,4 L24,6 L18,6 Z';
const LINE_ICON = 'path://M0,4 L24,4 L24,6 L0,6 Z';
const LEGEND_BOTTOM = 10;
const LEGEND_GAP = 18;

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
  const subtitle =
    result.note !== undefined
      ? [result.note]
      : [
          `Stand ${germanDate(result.today)}, ${result.runs.toLocaleString('de-DE')} Simulationsläufe`,
          [
            describe('P50', clearance.p50, result.horizonDays),
            describe('P85', clearance.p85, result.horizonDays),
            describe('P95', clearance.p95, result.horizonDays),
          ].join(' · '),
        ];
  const header = chartHeader(title, subtitle, width);
  const onChart = new Set(dates);
  // Marker lines end at staggered heights so their labels never overlap, however close the dates are.
  const top = Math.max(1, ...band.p85);
  const markers = [
    { name: 'P50 abgebaut', date: clearance.p50, color: COLOR.p50, height: 0.95 },
    { name: 'P85 abgebaut', date: clearance.p85, color: COLOR.p85, height: 0.8 },
    { name: 'P95 abgebaut', date: clearance.p95, color: COLOR.p95, height: 0.65 },
  ];
  const drawn = markers.filter((m) => m.date !== null && onChart.has(m.date));
  const legend = [
    { name: 'Median', icon: LINE_ICON },
    { name: 'Band 15–85 %', icon: 'rect' },
    ...drawn.map((m) => ({ name: m.name, icon: DASHED_ICON })),
  ];
  const spread = band.p85.map((v, i) => Math.max(0, v - (band.p15[i] ?? 0)));
  return renderSvgChart(
    width,
    height,
    {
      title: header.option,
      legend: {
        bottom: LEGEND_BOTTOM,
        itemGap: LEGEND_GAP,
        data: legend,
        textStyle: { color: CHART_TEXT },
      },
      // The grid box holds plot, tick labels and axis names (outerBoundsMode 'same'): whatever the
      // numbers, nothing of the axes can reach the title above or the legend below.
      grid: {
        left: 16,
        right: 32,
        top: header.bottom + 14,
        bottom:
          LEGEND_BOTTOM +
          legendHeight(
            legend.map((l) => l.name),
            width,
            LEGEND_GAP,
          ) +
          6,
        outerBoundsMode: 'same',
        outerBoundsContain: 'all',
      },
      xAxis: {
        type: 'category',
        boundaryGap: false,
        data: dates,
        name: 'Datum',
        nameLocation: 'middle',
        nameGap: 30,
        nameMoveOverlap: true,
        axisLabel: { formatter: (value: string) => shortDate(value), color: CHART_TEXT, hideOverlap: true },
      },
      yAxis: {
        type: 'value',
        name: 'Offene Anliegen (Anzahl)',
        nameLocation: 'middle',
        nameGap: 12,
        nameMoveOverlap: true,
        min: 0,
        axisLabel: { formatter: (v: number) => v.toLocaleString('de-DE'), color: CHART_TEXT },
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
        ...drawn.map((m) => ({
          name: m.name,
          type: 'line' as const,
          data: [] as number[],
          color: m.color,
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { color: m.color, type: 'dashed' as const, width: 1.5 },
            label: {
              formatter: `${m.name.split(' ')[0]}: ${germanDate(m.date!)}`,
              color: m.color,
              position: 'end' as const,
              backgroundColor: '#ffffff',
              padding: [2, 4],
            },
            data: [[{ coord: [m.date, 0] }, { coord: [m.date, top * m.height] }]],
          },
        })),
      ],
    },
    header.summary,
  );
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
      label: { show: true, position: 'right' as const, formatter: text, color: CHART_TEXT },
      text,
    };
  });
  const title = options.title ?? `Was-wäre-wenn: Abbau mit 85 % Sicherheit (${scope})`;
  const header = chartHeader(
    title,
    [
      `Stand ${germanDate(comparison.today)}, ${comparison.runs.toLocaleString('de-DE')} Simulationsläufe je Szenario, gleiche Zufallszahlen`,
    ],
    width,
  );
  const summary = [header.summary, ...rows.map((r, i) => `${r.name}: ${data[i]!.text}.`)].join(' ');
  return renderSvgChart(
    width,
    height,
    {
      title: header.option,
      grid: { left: 220, right: 260, top: header.bottom + 16, bottom: 50 },
      xAxis: {
        type: 'value',
        name: 'Kalendertage bis P85',
        nameLocation: 'middle',
        nameGap: 28,
        min: 0,
        axisLabel: { color: CHART_TEXT },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map((r) => r.name),
        axisLabel: { color: CHART_TEXT, width: 200, overflow: 'truncate' },
      },
      series: [
        {
          name: 'P85 abgebaut',
          type: 'bar',
          barMaxWidth: 28,
          data: data.map(({ value, itemStyle, label }) => ({ value, itemStyle, label })),
        },
      ],
    },
    summary,
  );
}
