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
import { resumeCommand } from '../invocation.js';
import { runInterview, type InterviewMode, type InterviewOptions } from './interview.js';
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

/** "plan.yaml" taken: "plan-2.yaml", or the first free number after it. */
export function freeFileName(path: string, exists: (p: string) => boolean = existsSync): string {
  const stem = path.replace(/\.ya?ml$/, '');
  const ext = path.slice(stem.length) || '.yaml';
  for (let n = 2; ; n++) if (!exists(`${stem}-${n}${ext}`)) return `${stem}-${n}${ext}`;
}

/** Whether a file is a contract file an interview can continue: YAML with a procurement block. */
function isContractFile(path: string): boolean {
  try {
    const draft = Draft.open(path, readTextFile(path));
    return draft.has(['procurement']) && draft.get(['kind']) === undefined;
  } catch {
    return false;
  }
}

/**
 * Run a session with SIGINT, SIGTERM and SIGHUP turned into a stop at the current (or next)
 * prompt. At a prompt, Ctrl-C reaches inquirer as a key; between two prompts the terminal is not
 * in raw mode, so it arrives as SIGINT, and with no listener then it killed kil before the answer
 * just given was saved and without saying what was (seen in CI: a ✔ shown, the answer lost).
 * "on", not "once": inquirer's signal-exit re-raises a signal when no other listener is left,
 * which would kill kil before it can say what is saved.
 */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

async function withStopSignals<T>(prompterFor: PrompterFor, run: (prompter: Prompter) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  for (const s of STOP_SIGNALS) process.on(s, stop);
  try {
    return await run(await prompterFor(controller.signal));
  } finally {
    for (const s of STOP_SIGNALS) process.off(s, stop);
  }
}

/** Interview into a draft; returns 130 if the person stopped, having said what is saved. */
async function interview(
  draft: Draft,
  library: RubricLibrary,
  io: SessionIo,
  prompter: Prompter,
  mode: InterviewMode,
  resuming: boolean,
  council: CouncilContext,
): Promise<number | undefined> {
  try {
    await runInterview({ library, draft, prompter, say: io.say, mode, resuming, council: councilOption(draft, council) });
    return undefined;
  } catch (error) {
    if (!isStopped(error)) throw error;
    const saved = draft.savedCount();
    // The facts too: "0 answers are saved" after thirty facts alarmed people who had lost nothing.
    const facts = draft.factCount();
    io.say(
      `\nStopped. ${saved} answer${saved === 1 ? ' is' : 's are'} saved in ${draft.path}, with ${facts} procurement fact${facts === 1 ? '' : 's'}.\n` +
        `To continue where you left off: ${resumeCommand(draft.path, mode !== 'missing')}\n`,
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
        const named = fileNameFor(title);
        // A file of that name already: continue it if it is a contract file, else offer a free name.
        const resume = existsSync(named) && isContractFile(named) ? await offerResume(prompter, named) : false;
        if (resume) {
          draft = Draft.open(named, readTextFile(named));
          resuming = true;
          io.say(`Resuming ${named}.\n`);
        } else {
          const path = withYamlExtension(
            await prompter.input('Save the answers to', {
              default: existsSync(named) ? freeFileName(named) : named,
              validate: (p) => {
                const file = withYamlExtension(p);
                return p.trim() === '' ? 'Please give a file name' : existsSync(file) ? `${file} already exists; choose another name (e.g. ${freeFileName(file)}), or resume it with: ${resumeCommand(file)}` : true;
              },
            }),
          );
          draft = Draft.create(path);
          draft.set(['procurement', 'title'], title);
        }
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

/** The title's file name exists and is a contract file: continue it, or start another? */
async function offerResume(prompter: Prompter, path: string): Promise<boolean> {
  const picked = await prompter.select(`${path} already exists. Continue it?`, [
    { value: true, name: `Yes, continue ${path} (its answers are kept; kil asks what it leaves open)` },
    { value: false, name: `No, start a new file (${freeFileName(path)})` },
  ]);
  return picked.value;
}

/** `kil assess FILE -i`: go through the facts, the questions, or both. */
async function chooseMode(prompter: Prompter): Promise<InterviewMode> {
  const picked = await prompter.select<InterviewMode>('What would you like to go through, with your answers as defaults?', [
    { value: 'all', name: 'The facts and the questions' },
    { value: 'questions', name: 'The questions (and any facts still missing)' },
    { value: 'facts', name: 'The facts (and any questions still unanswered)' },
  ]);
  return picked.value;
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
    let mode: InterviewMode = 'missing';
    try {
      if (options.interactive) mode = await chooseMode(prompter);
      else {
        const what = options.complete ? `${options.unanswered} question${options.unanswered === 1 ? ' is' : 's are'} not answered yet` : 'the file is not complete yet';
        const go = await prompter.select(`${what} in ${file}. Answer now?`, [
          { value: true, name: 'Yes, ask me the missing ones' },
          { value: false, name: options.complete ? 'No, write the report as it is' : 'No, not now (the report needs the missing facts)' },
        ]);
        if (!go.value) return undefined;
      }
    } catch (error) {
      if (isStopped(error)) return EXIT.interrupted;
      throw error;
    }
    const draft = Draft.open(file, readTextFile(file));
    if (!draft.has(['procurement'])) throw UserError.at(file, 'the file has no procurement block; is it a contract file?', 'missing-field');
    return interview(draft, library, io, prompter, mode, true, options);
  });
}

/**
 * A file name as given, with ".yaml" added when it has no extension: "kil batch FOLDER" and
 * editors look for .yaml files, so "Eastfield plan" would otherwise be saved where neither finds it.
 */
export function withYamlExtension(name: string): string {
  const trimmed = name.trim();
  return trimmed === '' || /\.[A-Za-z0-9]+$/.test(trimmed.split(/[\\/]/).pop()!) ? trimmed : `${trimmed}.yaml`;
}
