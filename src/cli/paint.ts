/** Colour for stderr: off for NO_COLOR, --no-color, TERM=dumb or a stream that is not a terminal. */
import type { Band } from '../model/rubric.js';
import { NO_PAINT, type Paint } from '../render/summary.js';

export function colourWanted(flag: boolean, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (!flag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

/** Lowest band red, highest green, any between yellow. chalk is loaded only when colour is on. */
export async function makePaint(enabled: boolean, bands: readonly Band[]): Promise<Paint> {
  if (!enabled) return NO_PAINT;
  const { Chalk, supportsColorStderr } = await import('chalk');
  const chalk = new Chalk({ level: supportsColorStderr ? Math.max(1, supportsColorStderr.level) as 1 | 2 | 3 : 1 });
  const second = bands[1]?.min ?? Infinity;
  const top = bands.at(-1)?.min ?? Infinity;
  return {
    bold: (s) => chalk.bold(s),
    dim: (s) => chalk.dim(s),
    score: (s, score) => (score === null ? chalk.dim(s) : score >= top && bands.length > 1 ? chalk.green(s) : score >= second ? chalk.yellow(s) : chalk.red(s)),
  };
}
