/**
 * How the person ran kil, so a command kil prints for them works as printed: `npx kil` when kil
 * came through npx or from a project's node_modules/.bin (where `kil` alone is not on PATH),
 * else `kil`.
 */
import { sep } from 'node:path';

export function kilCommand(env: NodeJS.ProcessEnv = process.env, script: string | undefined = process.argv[1]): string {
  const viaNpx = env.npm_command === 'exec' || (script !== undefined && script.includes(`${sep}node_modules${sep}.bin${sep}`));
  return viaNpx ? 'npx kil' : 'kil';
}

/** A path as a shell word: quoted only when it needs to be. */
export const shellQuote = (s: string): string => (/^[\w./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The command that resumes an interview of `file`, as the person would type it. */
export function resumeCommand(file: string, interactive = false): string {
  return `${kilCommand()} assess ${shellQuote(file)}${interactive ? ' -i' : ''}`;
}
