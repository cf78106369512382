/**
 * Starting, resuming and stopping an interview from `kil assess`: which file the answers go to,
 * and a clean stop on Ctrl-C, SIGTERM or SIGHUP with everything given so far already saved.
 */
import { existsSync } from 'node:fs';
import type { RubricLibrary } from '../../load/library.js';
import type { CouncilProfiles } from '../council.js';
import { EXIT } from '../exit-codes.js';
import { readTextFile } from '../files.js';
import { UserError } from '../user-error.js';
import { Draft } from './draft.js';
import { runInterview, type InterviewOptions } from './interview.js';
import { inquirerPrompter, isStopped, type Prompter } from './prompter.js';

export interface SessionIo {
  say: (text: string) => void;
}

type PrompterFor = (signal: AbortSignal) => Promise<Prompter>;

/** The council profiles of the run (--council and those contracts name), and the assessment date. */
export interface CouncilContext {
  councils: CouncilProfiles;
  date: string;
}

/** The interview's council option: the profile in use, or the offer to start one. */
function councilOption(draft: Draft, context: CouncilContext): InterviewOptions['council'] {
  const named = draft.get(['council']);
  const profile = context.councils.profileFor(draft.path, typeof named === 'string' ? named : undefined);
  return profile ? { profile } : { newProfileDate: context.date };
}

/** A file name from a title: "Community mental health support" -> community-mental-health-support.yaml */
export function fileNameFor(title: string): string {
  const slug = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'contract'}.yaml`;
}

const shellQuote = (s: string): string => (/^[\w./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * Run a session with SIGTERM and SIGHUP turned into a stop at the current prompt, like Ctrl-C.
 * "on", not "once": inquirer's signal-exit re-raises a signal when no other listener is left,
 * which would kill kil before it can say what is saved.
 */
async function withStopSignals<T>(prompterFor: PrompterFor, run: (prompter: Prompter) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);
  try {
    return await run(await prompterFor(controller.signal));
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGHUP', stop);
  }
}

/** Interview into a draft; returns 130 if the person stopped, having said what is saved. */
async function interview(
  draft: Draft,
  library: RubricLibrary,
  io: SessionIo,
  prompter: Prompter,
  mode: 'missing' | 'all',
  resuming: boolean,
  council: CouncilContext,
): Promise<number | undefined> {
  try {
    await runInterview({ library, draft, prompter, say: io.say, mode, resuming, council: councilOption(draft, council) });
    return undefined;
  } catch (error) {
    if (!isStopped(error)) throw error;
    const saved = draft.savedCount();
    io.say(
      `\nStopped. ${saved} answer${saved === 1 ? ' is' : 's are'} saved in ${draft.path}, with the procurement facts given so far.\n` +
        `To continue where you left off: kil assess ${shellQuote(draft.path)}\n`,
    );
    return EXIT.interrupted;
  }
}

/** `kil assess` with no file: ask the title, then where to save, then interview. */
export function newInterview(
  library: RubricLibrary,
  savePath: string | undefined,
  io: SessionIo,
  council: CouncilContext,
  prompterFor: PrompterFor = inquirerPrompter,
): Promise<{ file: string; stopped?: number }> {
  io.say("kil will ask about the procurement, then about Locality's five steps and six principles.\nEvery answer is saved as you go; press Ctrl-C at any time and resume later.\n\n");
  return withStopSignals(prompterFor, async (prompter) => {
    let draft: Draft;
    let resuming = false;
    try {
      if (savePath === undefined) {
        const title = (await prompter.input('Title of the procurement', { validate: (t) => (t.trim() === '' ? 'Please give a title' : true) })).trim();
        const path = (
          await prompter.input('Save the answers to', {
            default: fileNameFor(title),
            validate: (p) => (p.trim() === '' ? 'Please give a file name' : existsSync(p.trim()) ? `${p.trim()} already exists; choose another name, or resume it with: kil assess ${p.trim()}` : true),
          })
        ).trim();
        draft = Draft.create(path);
        draft.set(['procurement', 'title'], title);
      } else if (existsSync(savePath)) {
        draft = Draft.open(savePath, readTextFile(savePath));
        resuming = true;
        io.say(`Resuming ${savePath}.\n`);
      } else {
        draft = Draft.create(savePath);
      }
    } catch (error) {
      if (!isStopped(error)) throw error;
      io.say('\nStopped before anything was saved.\n');
      return { file: savePath ?? '', stopped: EXIT.interrupted };
    }
    draft.save();
    const stopped = await interview(draft, library, io, prompter, 'missing', resuming, council);
    return stopped === undefined ? { file: draft.path } : { file: draft.path, stopped };
  });
}

/** `kil assess FILE` in a terminal: answer what the file leaves open (or everything, --interactive). */
export function resumeInterview(
  file: string,
  library: RubricLibrary,
  io: SessionIo,
  options: { unanswered: number; complete: boolean; interactive: boolean } & CouncilContext,
  prompterFor: PrompterFor = inquirerPrompter,
): Promise<number | undefined> {
  return withStopSignals(prompterFor, async (prompter) => {
    if (!options.interactive) {
      const what = options.complete ? `${options.unanswered} question${options.unanswered === 1 ? ' is' : 's are'} not answered yet` : 'the file is not complete yet';
      try {
        const go = await prompter.select(`${what} in ${file}. Answer now?`, [
          { value: true, name: 'Yes, ask me the missing ones' },
          { value: false, name: options.complete ? 'No, write the report as it is' : 'No, not now (the report needs the missing facts)' },
        ]);
        if (!go) return undefined;
      } catch (error) {
        if (isStopped(error)) return EXIT.interrupted;
        throw error;
      }
    }
    const draft = Draft.open(file, readTextFile(file));
    if (!draft.has(['procurement'])) throw UserError.at(file, 'the file has no procurement block; is it a contract file?', 'missing-field');
    return interview(draft, library, io, prompter, options.interactive ? 'all' : 'missing', true, options);
  });
}
