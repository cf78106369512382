/**
 * How wide a line of text will be, without a font to measure: Arial's advance widths in bands,
 * rounded up, then a margin for wider fallbacks (DejaVu Sans). Used to cut a label that would
 * run into its neighbour, never to stretch one. Pure.
 */
import { oneLine } from '../text.js';

const NARROW = new Set([...`iljtfrI.,:;'!|()[]{} `]);
const WIDE = new Set([...'mwMW@%']);

/** Width of one character as a fraction of the font size. */
function advance(c: string): number {
  if (NARROW.has(c)) return 0.32;
  if (WIDE.has(c)) return 0.9;
  if (/[A-Z]/.test(c)) return 0.68;
  if (/[0-9]/.test(c)) return 0.56;
  if (/[a-z]/.test(c)) return 0.53;
  return 0.75; // anything else: punctuation, symbols, other scripts (often wider)
}

/** Wider fallback fonts run about this much wider than Arial. */
const MARGIN = 1.06;

export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const c of text) em += advance(c);
  return em * fontSize * MARGIN;
}

/**
 * The text if it fits in `width`, else as much of it as fits followed by "…". Cuts between
 * code points, never inside a surrogate pair. The result is plain text; escape it to show it.
 */
export function fitText(text: string, width: number, fontSize: number): string {
  const line = oneLine(text);
  if (textWidth(line, fontSize) <= width) return line;
  const room = width - textWidth('…', fontSize);
  let used = 0;
  let cut = '';
  for (const c of line) {
    used += advance(c) * fontSize * MARGIN;
    if (used > room) break;
    cut += c;
  }
  return `${cut.trimEnd()}…`;
}
