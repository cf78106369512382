/**
 * Finding and reading the council profile each contract uses: the one its `council:` key names
 * (relative to the contract file), else the one given with --council. Each profile file is read
 * and checked once per run (per worker thread in a parallel batch), however many contracts use it.
 */
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { councilOverrides } from '../load/contract.js';
import { loadCouncil } from '../load/council.js';
import { formatDiagnostic, type Diagnostic } from '../load/diagnostic.js';
import type { RubricLibrary } from '../load/library.js';
import { diagnosticAt, type YamlSource } from '../load/yaml-source.js';
import type { Contract } from '../model/contract.js';
import { reviewNeedsAttention, type AppliedCouncil } from '../model/council.js';
import { staleCouncilWarning } from '../render/report.js';
import { EXIT } from './exit-codes.js';
import { readTextFile } from './files.js';
import { UserError } from './user-error.js';

/** Something to tell the person once per run, however many contracts it concerns: say each key once. */
export interface Note {
  key: string;
  text: string;
}

export interface CouncilUse {
  council?: AppliedCouncil;
  /** Problems with the profile (errors: the contract cannot be assessed) and overrides of it (warnings). */
  diagnostics: Diagnostic[];
  notes: Note[];
}

interface Loaded {
  /** The profile as read, with `path` the file as shown in messages. */
  council?: AppliedCouncil;
  diagnostics: Diagnostic[];
  /** Set when the file could not be read at all (missing, a folder, not UTF-8...). */
  unreadable?: Diagnostic;
}

export class CouncilProfiles {
  private readonly loaded = new Map<string, Loaded>();

  private constructor(
    private readonly library: RubricLibrary,
    /** The assessment date, for saying a profile is overdue for review. */
    private readonly date: string,
    /** --council, read and checked. */
    readonly flag: AppliedCouncil | undefined,
    private readonly read: (path: string) => string,
  ) {
    if (flag) this.loaded.set(resolve(flag.path), { council: flag, diagnostics: [] });
  }

  /**
   * --council FILE, read at once: a missing or broken profile stops the run (exit 2) before any
   * contract is assessed, naming the file and every problem in it.
   */
  static open(library: RubricLibrary, date: string, flag: string | undefined, read: (path: string) => string = readTextFile): CouncilProfiles {
    if (flag === undefined) return new CouncilProfiles(library, date, undefined, read);
    const loaded = loadFile(flag, library, read);
    if (!loaded.council) throw unusable(loaded, `the council profile given with --council (${flag}) cannot be used; fix it, or leave out --council`);
    return new CouncilProfiles(library, date, loaded.council, read);
  }

  /** In a batch worker: --council as the main thread read it. */
  static withFlag(library: RubricLibrary, date: string, flag: AppliedCouncil | undefined): CouncilProfiles {
    return new CouncilProfiles(library, date, flag, readTextFile);
  }

  /**
   * The profile a contract uses, with what to say about it. `file` is the contract's path as shown
   * (its `council:` path is relative to it); a contract read from stdin resolves it from here.
   */
  forContract(file: string | undefined, contract: Contract, source: YamlSource): CouncilUse {
    const named = contract.council;
    if (named === undefined) return this.flag ? this.use(this.flag, contract, source, []) : { diagnostics: [], notes: [] };
    const shown = isAbsolute(named) || file === undefined ? named : join(dirname(file), named);
    const loaded = this.load(shown);
    if (loaded.unreadable) {
      const why = `${shown}: ${loaded.unreadable.message}`;
      // Read from stdin, the contract has no folder: its path is taken from the current folder, and --council is the way round that.
      const relative = file === undefined ? 'read from standard input, its path is taken from the current folder, so run kil from the contract\'s folder' : 'its path is relative to this contract file';
      return { diagnostics: [diagnosticAt(source, ['council'], loaded.unreadable.code, `the council profile named here cannot be read (${why}); ${relative}`)], notes: [] };
    }
    if (!loaded.council) {
      const here = diagnosticAt(source, ['council'], 'bad-council-profile', `the council profile ${named} named here has errors (listed with its path, ${shown}); fix them, or remove this line`);
      return { diagnostics: [here, ...loaded.diagnostics], notes: [] };
    }
    const notes: Note[] = [];
    if (this.flag && resolve(this.flag.path) !== resolve(shown)) {
      notes.push({
        key: `own:${resolve(shown)}`,
        text: `kil: ${file ?? 'the contract'} names its own council profile (${shown}); contracts that name one use it rather than --council ${this.flag.path}`,
      });
    }
    return this.use({ path: named, profile: loaded.council.profile }, contract, source, notes, shown);
  }

  /**
   * For the interview, which has a draft rather than a loaded contract: the profile a contract file
   * at `file` uses when its `council:` key says `named`. A missing or broken profile is an error.
   */
  profileFor(file: string, named: string | undefined): AppliedCouncil | undefined {
    if (named === undefined) return this.flag;
    const shown = isAbsolute(named) ? named : join(dirname(file), named);
    const loaded = this.load(shown);
    if (loaded.council) return { path: named, profile: loaded.council.profile };
    throw unusable(loaded, `the council profile ${shown}, named by ${file}, cannot be used; fix it, or remove the council: line from ${file}`);
  }

  private use(council: AppliedCouncil, contract: Contract, source: YamlSource, notes: Note[], shown = council.path): CouncilUse {
    const months = this.library.policy.council_review_months;
    if (reviewNeedsAttention(council.profile.council.reviewed, this.date, months)) {
      notes.push({ key: `stale:${resolve(shown)}`, text: `warning: ${staleCouncilWarning({ path: shown, reviewed: council.profile.council.reviewed }, this.date, months)}` });
    }
    return { council, diagnostics: councilOverrides(source, contract, council, this.library), notes };
  }

  private load(shown: string): Loaded {
    const key = resolve(shown);
    let loaded = this.loaded.get(key);
    if (!loaded) {
      loaded = loadFile(shown, this.library, this.read);
      this.loaded.set(key, loaded);
    }
    return loaded;
  }
}

/** A profile's problems, then what to do: an input error (exit 2). */
function unusable(loaded: Loaded, todo: string): UserError {
  return new UserError([...loaded.diagnostics.map(formatDiagnostic), `kil: ${todo}`].join('\n'), EXIT.input, true, loaded.diagnostics);
}

function loadFile(path: string, library: RubricLibrary, read: (path: string) => string): Loaded {
  let text: string;
  try {
    text = read(path);
  } catch (error) {
    // A file that cannot be read is one problem at 1:1 (files.ts).
    if (!(error instanceof UserError) || error.diagnostics.length !== 1) throw error;
    return { diagnostics: [...error.diagnostics], unreadable: error.diagnostics[0]! };
  }
  const { profile, diagnostics } = loadCouncil({ file: path, text }, library);
  return profile ? { council: { path, profile }, diagnostics } : { diagnostics };
}
