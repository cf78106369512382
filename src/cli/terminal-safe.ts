/**
 * The last guard before kil's messages reach a terminal: whatever text from a file, a path or an
 * answer got into a message, it cannot drive the terminal. kil's own colours (SGR) and its progress
 * line's erase (`\r`, `ESC [2K`) pass; every other escape, control character and bidirectional
 * override is shown as a visible escape (`\e`, `\x9b`, `\u202e`), as paths already are.
 */

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const PIECES = /\u001b\[[0-9;]*[mK]|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function visible(c: string): string {
  if (c === '\u001b') return '\\e';
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

export function terminalSafe(text: string): string {
  if (!UNSAFE.test(text)) return text;
  return text.replace(PIECES, (piece) => (piece.length > 1 ? piece : visible(piece)));
}
