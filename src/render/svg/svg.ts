/**
 * A small SVG builder: elements as text, every attribute value and every text node escaped by
 * htmlText, numbers written the same way every time. Element and attribute names are always
 * constants in kil's code; text from a contract file can only ever be a text node or a value.
 */
import { htmlText } from '../text.js';

export type Attrs = Readonly<Record<string, string | number | undefined>>;

/** A number as SVG writes it: at most two decimals, no trailing zeros, never "-0". */
export function num(n: number): string {
  const r = Math.round(n * 100) / 100;
  return String(Object.is(r, -0) ? 0 : r);
}

function attributes(attrs: Attrs): string {
  return Object.entries(attrs)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([name, value]) => ` ${name}="${typeof value === 'number' ? num(value) : htmlText(value)}"`)
    .join('');
}

/** An element holding other elements (already built) or nothing. */
export function el(name: string, attrs: Attrs, ...children: string[]): string {
  return children.length === 0 ? `<${name}${attributes(attrs)}/>` : `<${name}${attributes(attrs)}>${children.join('')}</${name}>`;
}

/** An element holding one line of text, escaped. */
export function textEl(name: string, attrs: Attrs, text: string): string {
  return `<${name}${attributes(attrs)}>${htmlText(text)}</${name}>`;
}

/** Fonts every system has: no font is ever fetched. */
export const FONT = 'Arial, Helvetica, "Liberation Sans", "DejaVu Sans", sans-serif';

export interface ChartOptions {
  /** The chart's own heading, for a file on its own; false where the page around it has one (HTML). Default true. */
  heading?: boolean;
}

export interface SvgChart {
  /** The <svg> element, for inlining in HTML. */
  svg: string;
  width: number;
  height: number;
}

/**
 * The root element: an image with a title and a description for screen readers (ids made
 * unique by `id`, so several charts can share one HTML page), sized by its viewBox.
 */
export function svgRoot(id: string, size: { width: number; height: number }, title: string, desc: string, body: string[]): SvgChart {
  const svg = el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${num(size.width)} ${num(size.height)}`,
      width: size.width,
      height: size.height,
      role: 'img',
      'aria-labelledby': `${id}-title ${id}-desc`,
      'font-family': FONT,
      'font-size': 12,
    },
    textEl('title', { id: `${id}-title` }, title),
    textEl('desc', { id: `${id}-desc` }, desc),
    el('rect', { x: 0, y: 0, width: size.width, height: size.height, fill: '#ffffff' }),
    ...body,
  );
  return { svg, ...size };
}

/** A standalone .svg file: kil's marker comment first (kil replaces only files it wrote), then the image. */
export function svgFile(marker: string, chart: SvgChart): string {
  return `${marker}\n${chart.svg}\n`;
}
