/** SVG chart of the learning curve: measured macro-F1 per training size, both fits and the target. */
import { CHART_TEXT, chartHeader, legendHeight, renderSvgChart } from '../shared/chart.js';
import { messagesForMacroF1, predictMacroF1, type LearningCurve } from './curve.js';

const COLOR = { measured: '#1f4e79', fit: '#d35400', powerLaw: '#7b3294', target: '#2e7d32' };
const LEGEND_GAP = 24;

const de = (n: number, digits = 0): string =>
  n.toLocaleString('de-DE', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function whereTargetIsMet(label: string, messages: number | null, target: number, trained: number): string {
  if (messages === null) return `${label}: ${de(target, 2)} nicht erreichbar`;
  if (messages > 10 * trained) return `${label}: ${de(target, 2)} erst jenseits des Zehnfachen`;
  return `${label}: ${de(target, 2)} bei etwa ${de(Math.round(messages / 1000) * 1000)} Trainingsnachrichten`;
}

export function renderLearningCurveSvg(
  curve: LearningCurve,
  target = 0.9,
  width = 1000,
  height = 560,
): string {
  const trained = curve.trainMessages;
  const forFit = messagesForMacroF1(curve.fit, target);
  const forPowerLaw = messagesForMacroF1(curve.powerLaw, target);
  // The x axis reaches past the optimistic estimate, at most to ten times today's training split.
  const xMax = Math.min(10 * trained, Math.max(3 * trained, 1.15 * (forPowerLaw ?? 0)));
  const xs = Array.from({ length: 120 }, (_, i) => Math.max(1, (xMax * (i + 1)) / 120));
  const lowest = Math.min(...curve.points.map((p) => p.topicMacroF1));
  const yMin = Math.max(0, Math.floor((lowest - 0.05) * 20) / 20);

  const header = chartHeader(
    'Lernkurve der Themenerkennung: Makro-F1 auf dem Held-out-Teil',
    [
      `Modell auf ${curve.shares} wachsenden Anteilen des Trainingsteils (${de(trained)} Nachrichten, je Thema gleich verteilt), ` +
        `${curve.repeats} ${curve.repeats === 1 ? 'Reihenfolge' : 'Reihenfolgen'}, geprüft an ${de(curve.heldOutMessages)} Held-out-Nachrichten.`,
      `${whereTargetIsMet('Anpassung mit Untergrenze', forFit, target, trained)} (Obergrenze ${de(1 - curve.fit.floor, 3)}); ` +
        `${whereTargetIsMet('ohne Untergrenze', forPowerLaw, target, trained)}. Gilt für mehr Nachrichten derselben Art.`,
    ],
    width,
  );
  const names = {
    measured: 'gemessen',
    fit: 'Anpassung: Fehler = a + b·n^−c',
    powerLaw: 'ohne Untergrenze: Fehler = b·n^−c',
    target: `Ziel ${de(target, 2)}`,
  };
  const legend = Object.values(names);
  const legendTop = header.bottom + 10;
  const gridTop = legendTop + legendHeight(legend, width, LEGEND_GAP) + 16;
  const summary = [
    header.summary,
    ...curve.points.map((p) => `${de(p.messages)} Trainingsnachrichten: Makro-F1 ${de(p.topicMacroF1, 3)}.`),
  ].join(' ');
  const line = (fit: LearningCurve['fit']) => xs.map((x) => [x, predictMacroF1(fit, x)]);

  return renderSvgChart(
    width,
    height,
    {
      title: header.option,
      legend: {
        top: legendTop,
        left: 'center',
        itemGap: LEGEND_GAP,
        data: legend,
        textStyle: { color: CHART_TEXT },
      },
      grid: { left: 80, right: 32, top: gridTop, bottom: 64 },
      xAxis: {
        type: 'value',
        min: 0,
        max: Math.ceil(xMax / 1000) * 1000,
        name: 'Trainingsnachrichten',
        nameLocation: 'middle',
        nameGap: 34,
        nameTextStyle: { color: CHART_TEXT },
        axisLabel: { formatter: (v: number) => de(v), color: CHART_TEXT, hideOverlap: true },
      },
      yAxis: {
        type: 'value',
        min: yMin,
        max: 1,
        name: 'Makro-F1',
        nameLocation: 'middle',
        nameGap: 50,
        nameTextStyle: { color: CHART_TEXT },
        axisLabel: { formatter: (v: number) => de(v, 2), color: CHART_TEXT },
      },
      series: [
        {
          name: names.fit,
          type: 'line',
          showSymbol: false,
          color: COLOR.fit,
          lineStyle: { width: 2, type: 'dashed' },
          data: line(curve.fit),
        },
        {
          name: names.powerLaw,
          type: 'line',
          showSymbol: false,
          color: COLOR.powerLaw,
          lineStyle: { width: 2, type: 'dotted' },
          data: line(curve.powerLaw),
        },
        {
          name: names.target,
          type: 'line',
          showSymbol: false,
          color: COLOR.target,
          lineStyle: { width: 1.5 },
          data: [
            [0, target],
            [xMax, target],
          ],
        },
        {
          name: names.measured,
          type: 'scatter',
          symbolSize: 8,
          color: COLOR.measured,
          data: curve.points.map((p) => [p.messages, p.topicMacroF1]),
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { color: '#6c757d', type: 'solid', width: 1 },
            label: { formatter: 'heute', position: 'insideEndTop', color: CHART_TEXT },
            data: [{ xAxis: trained }],
          },
        },
      ],
    },
    summary,
  );
}
