/**
 * How an output format marks up words, so that the report's wording is written once (see
 * report-words.ts) and rendered as markdown or as HTML. Every piece of text from a contract or
 * rubric file goes through `text`.
 */
import { htmlText, mdText } from './text.js';

export interface Markup {
  /** Text from a contract or rubric file, made literal: it can never become markup. */
  text(s: string): string;
  /** kil's own words and figures (no markup in them), as the format writes plain text. */
  own(s: string): string;
  /** Emphasis around text already marked up. */
  strong(marked: string): string;
  /** A name to type or look up (a fact, a command), shown as code; `raw` is literal text. */
  code(raw: string): string;
}

export const MARKDOWN: Markup = {
  text: mdText,
  own: (s) => s,
  strong: (s) => `**${s}**`,
  code: (raw) => `\`${raw}\``,
};

export const HTML: Markup = {
  text: htmlText,
  own: htmlText,
  strong: (s) => `<strong>${s}</strong>`,
  code: (raw) => `<code>${htmlText(raw)}</code>`,
};
