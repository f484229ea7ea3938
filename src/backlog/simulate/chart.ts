/** SVG chart (echarts, server-side rendering): open stock per day and P95 wait per class, per policy. */
import * as echarts from 'echarts';
import { PRIORITY_CLASSES } from '../../shared/taxonomy.js';
import type { SimulationResult } from './index.js';
import type { PolicyName } from './scenario.js';

const POLICY_LABEL: Record<PolicyName, string> = {
  fifo: 'FIFO (älteste zuerst)',
  priority_age: 'Klasse, dann Alter',
  edd: 'EDD (früheste Frist)',
  vorrang: 'vorrang',
};

export function renderChart(result: SimulationResult, width = 1100, height = 760): string {
  const entries = Object.entries(result.policies) as [
    PolicyName,
    NonNullable<SimulationResult['policies'][PolicyName]>,
  ][];
  const first = entries[0]?.[1];
  const days = first ? first.openByDay.map((_, j) => j + first.firstDay) : [];
  const ph = result.scenario.phases;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      title: [
        {
          text: `Ausfall-Simulation ${result.scenario.name}: ${result.scenario.insured.toLocaleString('de-DE')} Versicherte, ${result.scenario.staff.toLocaleString('de-DE')} Beschäftigte, ${result.scenario.outageDays} Tage Ausfall`,
          left: 'center',
          top: 8,
          textStyle: { fontSize: 15 },
        },
        { text: 'Offener Bestand je Tag (open backlog)', left: 60, top: 40, textStyle: { fontSize: 13 } },
        {
          text: 'P95-Wartezeit je Klasse in Stunden (p95 wait)',
          left: 60,
          top: 420,
          textStyle: { fontSize: 13 },
        },
      ],
      legend: { top: 385, data: entries.map(([p]) => POLICY_LABEL[p]) },
      grid: [
        { left: 80, right: 30, top: 70, height: 280 },
        { left: 80, right: 30, top: 450, height: 260 },
      ],
      xAxis: [
        {
          type: 'category',
          gridIndex: 0,
          data: days.map(String),
          name: 'Tag nach Ausfallbeginn',
          nameLocation: 'middle',
          nameGap: 28,
        },
        { type: 'category', gridIndex: 1, data: PRIORITY_CLASSES.map((c) => c) },
      ],
      yAxis: [
        { type: 'value', gridIndex: 0, name: 'Anliegen' },
        { type: 'value', gridIndex: 1, name: 'Stunden' },
      ],
      series: [
        ...entries.map(([p, m], idx) => ({
          name: POLICY_LABEL[p],
          type: 'line' as const,
          xAxisIndex: 0,
          yAxisIndex: 0,
          showSymbol: false,
          data: m.openByDay,
          ...(idx === 0
            ? {
                markArea: {
                  silent: true,
                  itemStyle: { color: 'rgba(200,40,40,0.08)' },
                  data: [[{ xAxis: '0' }, { xAxis: String(Math.ceil(ph.p3End)) }]],
                },
              }
            : {}),
        })),
        ...entries.map(([p, m]) => ({
          name: POLICY_LABEL[p],
          type: 'bar' as const,
          xAxisIndex: 1,
          yAxisIndex: 1,
          data: PRIORITY_CLASSES.map((c) => m.p95WaitHours[c]),
        })),
      ],
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
