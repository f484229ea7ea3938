/**
 * Layout check for server-rendered ECharts SVG: estimates the box of every text from its font size and
 * typical letter widths, and reports texts outside the canvas or on top of each other. Approximate (no
 * font measurement), so the margins it enforces are generous.
 */
interface TextBox {
  text: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Approximate width of a character in em for a sans-serif font (Arial/Liberation metrics). */
function em(ch: string): number {
  if (/[.,:;!|'il ()]/.test(ch)) return 0.28;
  if (/[0-9]/.test(ch)) return 0.56;
  if (/[mwMW]/.test(ch)) return 0.85;
  if (/[A-ZÄÖÜ%]/.test(ch)) return 0.68;
  return 0.52;
}

/** Bounding boxes of every <text> echarts wrote (dominant-baseline central, translate or matrix). */
function textBoxes(svg: string): TextBox[] {
  return [...svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)].map(([, attrs = '', raw = '']) => {
    const text = raw.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
    const attr = (name: string) => new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attrs)?.[1];
    const size = Number(/font-size:([\d.]+)px/.exec(attrs)?.[1] ?? 12);
    const width = [...text].reduce((sum, ch) => sum + em(ch), 0) * size * (attrs.includes('bold') ? 1.1 : 1);
    const x = Number(attr('x') ?? 0);
    const y = Number(attr('y') ?? 0);
    const anchor = attr('text-anchor') ?? 'start';
    const x0 = anchor === 'middle' ? x - width / 2 : anchor === 'end' ? x - width : x;
    const transform = attr('transform') ?? '';
    const n = (/\(([^)]*)\)/.exec(transform)?.[1] ?? '')
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    const [a, b, c, d, e, f] = transform.startsWith('matrix') ? n : [1, 0, 0, 1, n[0] ?? 0, n[1] ?? 0];
    const corners = [
      [x0, y - size / 2],
      [x0 + width, y - size / 2],
      [x0, y + size / 2],
      [x0 + width, y + size / 2],
    ].map(([px, py]) => [a! * px! + c! * py! + e!, b! * px! + d! * py! + f!] as const);
    const xs = corners.map(([px]) => px);
    const ys = corners.map(([, py]) => py);
    return {
      text,
      left: Math.min(...xs),
      right: Math.max(...xs),
      top: Math.min(...ys),
      bottom: Math.max(...ys),
    };
  });
}

/**
 * Every text inside the canvas and no two texts on top of each other; `clear` (axis names, legend
 * entries) must keep at least 6 px from any other text, so an axis name creeping into a title fails.
 */
export function layoutProblems(svg: string, clear: readonly string[]): string[] {
  const width = Number(/^<svg width="(\d+)"/.exec(svg)?.[1]);
  const height = Number(/^<svg width="\d+" height="(\d+)"/.exec(svg)?.[1]);
  const boxes = textBoxes(svg);
  const problems: string[] = [];
  for (const name of clear) {
    if (!boxes.some((b) => b.text === name)) problems.push(`missing: ${name}`);
  }
  for (const b of boxes) {
    if (b.left < 0 || b.top < 0 || b.right > width || b.bottom > height) problems.push(`outside: ${b.text}`);
  }
  boxes.forEach((p, i) => {
    for (const q of boxes.slice(i + 1)) {
      const gap = clear.includes(p.text) || clear.includes(q.text) ? 6 : 1;
      if (
        p.left < q.right + gap &&
        q.left < p.right + gap &&
        p.top < q.bottom + gap &&
        q.top < p.bottom + gap
      ) {
        problems.push(`too close: "${p.text}" / "${q.text}"`);
      }
    }
  });
  return problems;
}
