/**
 * How the person ran kil, so a command kil prints for them works as printed: `npx kil` when kil
 * came through npx or from a project's node_modules/.bin (where `kil` alone is not on PATH),
 * `node dist/bin/kil.js` when the script was run by its path, else `kil`.
 */
import { basename, relative, sep } from 'node:path';
import { shellQuote } from './shell.js';

export { shellQuote };

export function kilCommand(env: NodeJS.ProcessEnv = process.env, script: string | undefined = process.argv[1], cwd: string = process.cwd()): string {
  const viaNpx = env.npm_command === 'exec' || (script !== undefined && script.includes(`${sep}node_modules${sep}.bin${sep}`));
  if (viaNpx) return 'npx kil';
  // An installed kil runs as a command named kil; a script named kil.js was run as node PATH.
  if (script !== undefined && basename(script).endsWith('.js')) return `node ${shellQuote(relative(cwd, script) || script)}`;
  return 'kil';
}

/** The command that resumes an interview of `file`, as the person would type it. */
export function resumeCommand(file: string, interactive = false): string {
  return `${kilCommand()} assess ${shellQuote(file)}${interactive ? ' -i' : ''}`;
}
