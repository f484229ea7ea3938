/**
 * What every vorrang chart shares: server-side echarts rendering to a standalone, accessible SVG, and a
 * title block and legend whose height is known before echarts lays them out.
 */
import * as echarts from 'echarts';

/** The one text colour of all charts. */
export const CHART_TEXT = '#222222';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Renders an echarts option to a standalone SVG string. `label` becomes the accessible name of the
 * image: `role="img"`, `aria-label` and a `<title>` as first child (echarts adds neither in SSR mode).
 */
export function renderSvgChart(
  width: number,
  height: number,
  option: echarts.EChartsCoreOption,
  label: string,
): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  let svg: string;
  try {
    // Static pictures on white, in the one text style of all vorrang charts.
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { color: CHART_TEXT, fontSize: 12 },
      ...option,
    });
    svg = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  const name = escapeXml(label);
  return svg.replace(
    /^<svg\b([^>]*)>/,
    (_, attrs: string) => `<svg${attrs} role="img" aria-label="${name}"><title>${name}</title>`,
  );
}

/**
 * Breaks a subtitle into lines of at most `maxChars` characters at spaces, so that long notes never run
 * past the chart edge; the caller reserves room for each line above the plot.
 */
export function wrapText(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > maxChars) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

const TITLE_TOP = 10;
const TITLE_LINE = 22;
const SUBTITLE_GAP = 6;
const SUBTITLE_LINE = 16;
/** Average advance of a character at 12 px (16 px bold for titles), generous so wrapped lines fit. */
const CHAR_WIDTH = 6.6;
const TITLE_CHAR_WIDTH = 9.6;
const LEGEND_ROW = 24;
const LEGEND_ICON = 25 + 5;

/**
 * Centred title and subtitle (one or more lines per entry of `subtitle`), both wrapped to the chart
 * width; `bottom` is the y coordinate below which the rest of the chart may start, `summary` the
 * unwrapped text for the accessible name.
 */
export function chartHeader(
  title: string,
  subtitle: readonly string[],
  width: number,
): { option: Record<string, unknown>; bottom: number; summary: string } {
  const titleLines = wrapText(title, Math.max(12, Math.floor((width - 40) / TITLE_CHAR_WIDTH)));
  const lines = subtitle.flatMap((line) =>
    wrapText(line, Math.max(20, Math.floor((width - 40) / CHAR_WIDTH))),
  );
  return {
    option: {
      text: titleLines.join('\n'),
      subtext: lines.join('\n'),
      left: 'center',
      top: TITLE_TOP,
      itemGap: SUBTITLE_GAP,
      textStyle: { fontSize: 16, lineHeight: TITLE_LINE, color: CHART_TEXT },
      subtextStyle: { fontSize: 12, lineHeight: SUBTITLE_LINE, color: '#444444' },
    },
    bottom:
      TITLE_TOP +
      titleLines.length * TITLE_LINE +
      (lines.length > 0 ? SUBTITLE_GAP + lines.length * SUBTITLE_LINE : 0),
    summary: [title, ...subtitle].map((t) => (t.endsWith('.') ? t : `${t}.`)).join(' '),
  };
}

/** Height of a horizontal legend with these entries once echarts has wrapped it to the chart width. */
export function legendHeight(names: readonly string[], width: number, itemGap: number): number {
  let rows = 1;
  let x = 0;
  for (const name of names) {
    const item = LEGEND_ICON + name.length * CHAR_WIDTH;
    if (x > 0 && x + item > width - 20) {
      rows += 1;
      x = 0;
    }
    x += item + itemGap;
  }
  return rows * LEGEND_ROW;
}
