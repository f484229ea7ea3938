/** SVG chart (echarts, server-side rendering): open stock per day and P95 wait per class, per policy. */
import { PRIORITY_CLASSES, PRIORITY_CLASS_LABEL } from '../../shared/taxonomy.js';
import { CHART_TEXT, chartHeader, legendHeight, renderSvgChart } from '../../shared/chart.js';
import type { SimulationResult } from './index.js';
import type { Channel, PolicyName } from './scenario.js';

const POLICY_LABEL: Record<PolicyName, string> = {
  fifo: 'FIFO (älteste zuerst)',
  priority_age: 'Klasse, dann Alter',
  edd: 'EDD (früheste Frist)',
  vorrang: 'vorrang',
};

/** Distinct on white and for the common colour-vision deficiencies; vorrang gets the darkest. */
const POLICY_COLOR: Record<PolicyName, string> = {
  fifo: '#6c757d',
  priority_age: '#e08a00',
  edd: '#7b3294',
  vorrang: '#1f4e79',
};

const CHANNEL_LABEL: Record<Channel, string> = {
  post: 'Post',
  fax: 'Fax',
  email: 'E-Mail',
  portal: 'Portal',
  phone: 'Telefon',
};

const OUTAGE_AREA = 'rgba(200, 40, 40, 0.08)';
const PANEL_TITLE = { fontSize: 13, fontWeight: 'bold' as const, color: CHART_TEXT };
/** Left edge of both plots, so that the two panels line up; tick labels and the axis name sit left of it. */
const PLOT_LEFT = 100;
const PLOT_RIGHT = 24;
/** Room inside a panel for the title line above its plot. */
const PANEL_TITLE_ROOM = 24;
/** Room below a plot for the tick labels (one line, two lines) and the axis name. */
const X_AXIS_ROOM = [46, 66] as const;
const LEGEND_GAP = 24;
/** Advance of a digit at 12 px, rounded up; the separator dots are narrower. */
const DIGIT_WIDTH = 7;

const de = (n: number): string => Math.round(n).toLocaleString('de-DE');

export function renderChart(result: SimulationResult, width = 1100, height = 760): string {
  const entries = Object.entries(result.policies) as [
    PolicyName,
    NonNullable<SimulationResult['policies'][PolicyName]>,
  ][];
  const first = entries[0]?.[1];
  const days = first ? first.openByDay.map((_, j) => j + first.firstDay) : [];
  const sc = result.scenario;
  const outageEnd = Math.ceil(sc.phases.p3End);
  const channels = sc.channelsDown.map((c) => CHANNEL_LABEL[c]).join(', ') || 'keine';
  const header = chartHeader(
    `Ausfall-Simulation ${sc.name}`,
    [
      `${de(sc.insured)} Versicherte · ${de(sc.staff)} Beschäftigte · ${sc.outageDays} Tage Ausfall (rot hinterlegt) · Kanäle aus: ${channels} · ${de(sc.itemsTotal)} Anliegen, Seed ${sc.seed}`,
    ],
    width,
  );

  // Legend under the header (it applies to both panels), then two panels of equal height.
  const legend = entries.map(([p]) => POLICY_LABEL[p]);
  const legendTop = header.bottom + 10;
  const panelsTop = legendTop + legendHeight(legend, width, LEGEND_GAP) + 8;
  const panelHeight = (height - 8 - panelsTop) / 2;
  const panel = (i: 0 | 1) => {
    const top = panelsTop + i * panelHeight;
    const boxTop = top + PANEL_TITLE_ROOM;
    const boxHeight = panelHeight - PANEL_TITLE_ROOM - 10;
    return {
      titleTop: top,
      // The grid holds the plot; outerBounds is the box that tick labels and axis names must stay in
      // (echarts shrinks the plot rather than let them out), so they cannot reach a title or legend.
      grid: {
        left: PLOT_LEFT,
        right: PLOT_RIGHT,
        top: boxTop + 8,
        height: boxHeight - 8 - X_AXIS_ROOM[i],
        outerBoundsMode: 'auto',
        outerBounds: { left: 8, right: 8, top: boxTop, height: boxHeight },
        outerBoundsContain: 'all',
      },
    };
  };
  const panels = [panel(0), panel(1)];
  // Both y-axis names at the same distance from their axis, clear of the widest tick label of either
  // panel (the axis maximum is at most about 1.25 times the largest value, "3.000" for 2.512).
  const peak = Math.max(
    1,
    ...entries.flatMap(([, m]) => [...m.openByDay, ...PRIORITY_CLASSES.map((c) => m.p95WaitHours[c])]),
  );
  const nameGap = 8 + de(peak * 1.25).length * DIGIT_WIDTH + 14;
  const yAxis = (gridIndex: number, name: string) => ({
    type: 'value' as const,
    gridIndex,
    name,
    nameLocation: 'middle' as const,
    nameGap,
    nameMoveOverlap: false,
    nameTextStyle: { color: CHART_TEXT },
    axisLabel: { formatter: (v: number) => de(v), color: CHART_TEXT },
  });
  const weekly = (_: number, value: string): boolean => Number(value) % 7 === 0;

  const summary = [
    header.summary,
    'Oben: offener Bestand je Tag, unten: P95-Wartezeit je Prioritätsklasse in Stunden, je Strategie.',
    ...entries.map(
      ([p, m]) =>
        `${POLICY_LABEL[p]}: höchstens ${de(Math.max(0, ...m.openByDay))} offene Anliegen, P95-Wartezeit ` +
        PRIORITY_CLASSES.map((c) => `${c} ${de(m.p95WaitHours[c])} h`).join(', ') +
        '.',
    ),
  ].join(' ');

  return renderSvgChart(
    width,
    height,
    {
      title: [
        header.option,
        { text: 'Offener Bestand je Tag', left: 16, top: panels[0]!.titleTop, textStyle: PANEL_TITLE },
        {
          text: 'P95-Wartezeit je Prioritätsklasse',
          left: 16,
          top: panels[1]!.titleTop,
          textStyle: PANEL_TITLE,
        },
      ],
      legend: {
        top: legendTop,
        left: 'center',
        itemGap: LEGEND_GAP,
        icon: 'roundRect',
        data: legend,
        textStyle: { color: CHART_TEXT },
      },
      grid: panels.map((p) => p.grid),
      xAxis: [
        {
          type: 'category',
          gridIndex: 0,
          data: days.map(String),
          name: 'Tage seit Ausfallbeginn',
          nameLocation: 'middle',
          nameGap: 30,
          nameMoveOverlap: true,
          nameTextStyle: { color: CHART_TEXT },
          axisTick: { interval: weekly },
          axisLabel: { interval: weekly, color: CHART_TEXT },
        },
        {
          type: 'category',
          gridIndex: 1,
          data: PRIORITY_CLASSES.map((c) => `${c}\n${PRIORITY_CLASS_LABEL[c]}`),
          name: 'Prioritätsklasse',
          nameLocation: 'middle',
          nameGap: 50,
          nameMoveOverlap: true,
          nameTextStyle: { color: CHART_TEXT },
          // Every class label, on two lines, rather than echarts dropping some on narrow charts.
          axisLabel: { color: CHART_TEXT, interval: 0, lineHeight: 15 },
        },
      ],
      // The panel titles say what is measured; the axis names give the unit, short enough for small charts.
      yAxis: [yAxis(0, 'Anliegen'), yAxis(1, 'Stunden')],
      series: [
        ...entries.map(([p, m], idx) => ({
          name: POLICY_LABEL[p],
          type: 'line' as const,
          xAxisIndex: 0,
          yAxisIndex: 0,
          showSymbol: false,
          color: POLICY_COLOR[p],
          lineStyle: { width: 2 },
          data: m.openByDay,
          ...(idx === 0
            ? {
                markArea: {
                  silent: true,
                  itemStyle: { color: OUTAGE_AREA },
                  label: {
                    show: true,
                    position: 'insideTop' as const,
                    color: '#8b1a1a',
                    formatter: 'Ausfall',
                  },
                  data: [[{ xAxis: '0' }, { xAxis: String(outageEnd) }]],
                },
              }
            : {}),
        })),
        ...entries.map(([p, m]) => ({
          name: POLICY_LABEL[p],
          type: 'bar' as const,
          xAxisIndex: 1,
          yAxisIndex: 1,
          color: POLICY_COLOR[p],
          barMaxWidth: 48,
          label: {
            show: true,
            position: 'top' as const,
            fontSize: 11,
            color: CHART_TEXT,
            formatter: ({ value }: { value: unknown }) => de(Number(value)),
          },
          data: PRIORITY_CLASSES.map((c) => m.p95WaitHours[c]),
        })),
      ],
    },
    summary,
  );
}
