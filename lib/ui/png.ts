import { t } from '../i18n';

/** What a saved chart says beside its drawing: the title above it, and each series' name and colour below it. */
export interface PngLegend {
  title?: string;
  items: { name: string; color: string }[];
  /** The text colour of the page's scheme (light or dark): the PNG keeps the scheme the rep saw. */
  fg: string;
}

const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const TITLE_FONT = `600 13px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif`;
const PAD = 12;
const LINE = 22;
const SWATCH = 12;

/** The legend's rows: items laid out left to right, wrapping at the chart's width. */
function legendRows(ctx: CanvasRenderingContext2D, items: PngLegend['items'], width: number) {
  ctx.font = FONT;
  const rows: { x: number; item: PngLegend['items'][number] }[][] = [[]];
  let x = PAD;
  for (const item of items) {
    const w = SWATCH + 6 + ctx.measureText(item.name).width + 18;
    if (x + w > width - PAD && rows[rows.length - 1]!.length > 0) {
      rows.push([]);
      x = PAD;
    }
    rows[rows.length - 1]!.push({ x, item });
    x += w;
  }
  return rows;
}

/**
 * A chart's SVG as a PNG: the SVG is serialised with its size and a background (charts draw on the page's),
 * drawn onto a canvas at twice its size with the chart's title above it and its legend (series names and
 * colours) below it — recharts draws its legend in HTML, outside the SVG — and encoded.
 */
export async function svgToPng(svg: SVGSVGElement, background: string, legend?: PngLegend, scale = 2): Promise<Blob> {
  const { width, height } = svg.getBoundingClientRect();
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  const backdrop = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  backdrop.setAttribute('width', '100%');
  backdrop.setAttribute('height', '100%');
  backdrop.setAttribute('fill', background);
  copy.insertBefore(backdrop, copy.firstChild);
  const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(copy)], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('the chart could not be drawn'));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error(t('png_no_canvas'));
    const rows = legend ? legendRows(ctx, legend.items, width) : [];
    const top = legend?.title ? LINE + 4 : 0;
    const bottom = rows.length ? rows.length * LINE + 6 : 0;
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil((top + height + bottom) * scale);
    // Resizing resets the context: everything is set after it.
    ctx.scale(scale, scale);
    ctx.fillStyle = background;
    ctx.fillRect(0, 0, width, top + height + bottom);
    ctx.drawImage(image, 0, top, width, height);
    if (legend) {
      ctx.textBaseline = 'middle';
      if (legend.title) {
        ctx.font = TITLE_FONT;
        ctx.fillStyle = legend.fg;
        ctx.fillText(legend.title, PAD, LINE / 2 + 2, width - 2 * PAD);
      }
      ctx.font = FONT;
      rows.forEach((row, r) => {
        // Whole pixels: a swatch keeps its exact colour, edges included.
        const y = Math.round(top + height + 3 + r * LINE + LINE / 2);
        for (const { x: at, item } of row) {
          const x = Math.round(at);
          ctx.fillStyle = item.color;
          ctx.fillRect(x, y - SWATCH / 2, SWATCH, SWATCH);
          ctx.fillStyle = legend.fg;
          ctx.fillText(item.name, x + SWATCH + 6, y);
        }
      });
    }
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be made'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
