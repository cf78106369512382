/**
 * The short summary printed to the terminal (stderr) after an assessment. Pure: colours come
 * in as functions, so the caller decides whether the terminal gets any.
 */
import type { Assessment } from '../score/result.js';
import { assertedSentence, bandShown, provisionalReason } from './basis-text.js';
import { published } from './report-words.js';
import { bar, showScore } from './report.js';
import { plainText } from './text.js';

export interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  /** Colour by score: low, middle or high, on the overall bands' thresholds. */
  score(s: string, score: number | null): string;
}

export const NO_PAINT: Paint = { bold: (s) => s, dim: (s) => s, score: (s) => s };

/** A title is one line on the terminal, however long the contract file made it. */
const TITLE_MAX = 100;
const oneLine = (text: string): string => {
  const t = plainText(text);
  return t.length > TITLE_MAX ? `${t.slice(0, TITLE_MAX - 1)}…` : t;
};

export function renderSummary(a: Assessment, paint: Paint, reportWhere: string | undefined): string {
  const lines: string[] = [];
  const c = a.overall.coverage;
  const headline = `${a.overall.score}/100 ${plainText(bandShown(a))}`;
  lines.push(
    `${paint.bold(oneLine(a.contract.title))}: ${a.overall.provisional ? paint.bold(headline) : paint.score(headline, a.overall.score)}` +
      paint.dim(` (coverage ${c.pct}%, ${c.unanswered} ${published(a) ? 'not published' : 'unanswered'})`),
  );
  if (a.overall.provisional) {
    const ids = a.overall.toAnswer.map(plainText).join(', ');
    const settle = a.overall.toSettle.map(plainText).join(', ');
    const todo = [ids ? (published(a) ? `Would count most if published: ${ids}.` : `To get above the line, answer ${ids}.`) : '', settle ? `Give the facts that settle ${settle}.` : ''].filter(Boolean).join(' ');
    lines.push(`  Provisional: ${plainText(provisionalReason(a))}. ${todo}`);
  }
  if (!published(a)) lines.push(paint.dim(`  ${assertedSentence(a)}.`));
  const areas = a.rubrics.flatMap((r) => r.areas);
  const width = Math.min(60, Math.max(...areas.map((x) => plainText(x.title).length)));
  for (const area of areas) {
    const title = plainText(area.title);
    const shown = title.length > width ? `${title.slice(0, width - 1)}…` : title.padEnd(width);
    lines.push(`  ${shown}  ${paint.score(bar(area.score), area.score)} ${showScore(area.score).padStart(5)}`);
  }
  const top = a.recommendations.slice(0, 3);
  if (top.length > 0) {
    lines.push('Top recommendations:');
    top.forEach((r) => lines.push(`  ${r.rank}. [${plainText(r.questionId)}] ${plainText(r.do)} ${paint.dim(`(+${r.points})`)}`));
  }
  if (reportWhere) lines.push(`Report: ${plainText(reportWhere)}`);
  return `${lines.join('\n')}\n`;
}
