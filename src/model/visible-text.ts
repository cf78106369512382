/** Text shown to a person with its control characters visible. Pure. */

const VISIBLE: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

/**
 * Every control character made visible (`\n`, `\e`, `\x07`): the text shown is the text as
 * written, on one line, and cannot drive the terminal.
 */
export function visibleControls(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => VISIBLE[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
