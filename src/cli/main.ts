/**
 * The command line: parse argv with commander, run a command, map every outcome to an exit
 * code. User errors print one clear message; only a bug in kil prints a stack trace.
 */
import { Command, CommanderError, Option } from 'commander';
import type { BatchIo } from './commands/batch.js';
import { toolVersion } from './context.js';
// Loaded eagerly, with the command line itself: it samples the CPU counters as kil starts (0.1 ms), for kil batch to
// tell how busy the machine is over the whole of its start-up.
import './cpu-busy.js';
import { EXIT } from './exit-codes.js';
import { ASSESS_FORMATS, BATCH_FORMATS, parseFailUnder } from './options.js';
import { UserError } from './user-error.js';

// Each command's code is loaded only when that command runs, so start-up pays for one command.

export function buildProgram(io: BatchIo, setExit: (code: number) => void): Command {
  const program = new Command('kil');
  program
    .description("Keep it Local: score how 'local by default' a public-sector procurement is, against Locality's five-step guide and six principles.")
    .version(toolVersion(), '-V, --version')
    .option('--no-color', 'no colour in terminal output (NO_COLOR is honoured too)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .showHelpAfterError('(run "kil --help" for usage)')
    .addHelpText(
      'after',
      `
Examples:
  kil assess examples/community-mental-health.yaml        write the report beside the file
  kil assess plan.yaml -o -                               print the report on stdout
  kil assess plan.yaml --format html                      plan.report.html: one page to print or send
  cat plan.yaml | kil assess - --format json              a contract on stdin, JSON on stdout
  kil assess plan.yaml --format json --fail-under 40      JSON for scripts; exit 1 below 40
  kil compare old.yaml plan.yaml --fail-on-drop            what changed; exit 1 if the score fell
  kil batch contracts/ --format csv > scores.csv          one CSV row per contract
  find . -name '*.kil.yaml' | kil batch - --out-dir out   reports, portfolio.md and portfolio.html in out/
  kil assess                                              be interviewed in a terminal (answers saved as you go)
  kil init plan.yaml                                      a commented template to fill in by hand
  kil init council                                        council.yaml: the answers about the council, given once
  kil batch contracts/ --council council.yaml             contracts that name no council profile use this one
  kil import ocds notices.json --out-dir contracts        published notices to contract files
  kil rubric show five-steps                              read the questions
  kil schema contract > contract.schema.json              a JSON Schema for editors and validators

Exit codes: 0 ok, 1 score below --fail-under (compare --fail-on-drop: the score fell),
2 usage or input error, or an output kil may not replace (in batch: any file that could not
be assessed), 3 --fail-under given but a result is provisional (too little answered to judge;
compare: fell to a provisional result); in batch 2 wins over 3, and 3 over 1. 70 bug in kil,
130 interview stopped (answers saved).

Documentation (in the kil repository and package):
  README.md                 what kil is, the quick start, the two journeys (commission, review)
  docs/commands.md          every command and option, the interview, exit and diagnostic codes
  docs/contract-file.md     the contract file: an example, every field, answers, action plans
  docs/council-profile.md   the council profile: the answers about the council, given once
  docs/import.md            kil import ocds: published notices to contract files
  docs/ocds-field-map.md    which OCDS field gives each contract fact
  docs/published-record.md  the rubric set imported notices are scored on: indicators and sources
  docs/profile.md           kil profile: what each buyer's published notices show, against similar buyers
  docs/scoring.md           how the score is calculated, evidence, provisional results
  docs/rubrics.md           writing rubric files and the policy file
  docs/law.md               which law kil applies, by nation, route and date
  docs/law-verification.md  the sources checked for the law kil applies
  docs/promises.md          what kil promises, and the test that holds each promise
  docs/json.md              the JSON output, and using kil from Node
  docs/performance.md       what npm run bench measures, and its latest figures
  docs/development.md       the source layout, the build and the tests`,
    );

  const color = () => program.opts<{ color: boolean }>().color;

  program
    .command('assess')
    .description('score a contract file and write the report (markdown with its chart, or HTML); in a terminal, interview for what is missing')
    .argument('[file]', 'contract YAML file (format: docs/contract-file.md); "-" reads it from stdin; none starts an interview')
    .option('-o, --output <path>', 'where to write the report; "-" for standard output (default: <file>.report.md, or .report.html, beside the file, the markdown with its chart in <file>.report.svg; JSON defaults to standard output)')
    .addOption(new Option('-f, --format <format>', 'report format: md (markdown), html (one self-contained page, printable on A4) or json').choices([...ASSESS_FORMATS]).default('md'))
    .option('--fail-under <score>', 'exit with code 1 when the overall score is below this (0-100), 3 when the result is provisional')
    .option('--rubrics <dir>', 'use the rubrics, rubric set and policy in this folder instead of the built-in ones')
    .option('--rubric-set <id>', "assess on this built-in rubric set (keep-it-local, published-record) whatever the file's rubric_set: says")
    .option('--council <file>', 'the council profile answering the questions about the council, for a contract that names none (council: in the file)')
    .option('--force', 'replace an existing output file that kil did not write')
    .option('--date <YYYY-MM-DD>', 'the assessment date shown in the report (default: SOURCE_DATE_EPOCH, else today)')
    .option('-q, --quiet', 'print no summary on stderr')
    .option('--save <path>', 'with no FILE: where the interview saves the answers (default: asked, from the title)')
    .option('-i, --interactive', 'interview even if the file is complete, with its answers as defaults')
    .option('--no-input', 'never ask questions (the default without a terminal)')
    .option('--baseline <file>', 'an earlier assessment of the same procurement (contract file or "kil assess --format json" result): adds "Since the last assessment"')
    // Several files are for kil batch: say so, rather than "too many arguments".
    .allowExcessArguments()
    .action(async (file: string | undefined, opts: Record<string, unknown>, command: Command) => {
      const { runAssess, severalFiles } = await import('./commands/assess.js');
      if (command.args.length > 1) throw severalFiles(command.args);
      setExit(await runAssess(file, { ...(opts as { format: string }), color: color() }, io));
    });

  program
    .command('batch')
    .description('assess many contract files and summarise them as a portfolio')
    .argument('<paths...>', 'contract files, folders (searched for *.yaml and *.yml), globs, or "-" to read paths from stdin')
    .addOption(new Option('-f, --format <format>', 'summary on stdout').choices([...BATCH_FORMATS]).default('table'))
    .option('--out-dir <dir>', 'also write one report per contract, portfolio.md, portfolio.html and the portfolio charts (SVG) into this folder')
    .option('--fail-under <score>', 'exit with code 1 when any contract scores below this (0-100), 3 when any is provisional')
    .option('--rubrics <dir>', 'use the rubrics, rubric set and policy in this folder instead of the built-in ones')
    .option('--rubric-set <id>', "assess on this built-in rubric set (keep-it-local, published-record) whatever the file's rubric_set: says")
    .option('--council <file>', 'the council profile for the contracts that name none (each profile is read once)')
    .option('--force', 'replace files in --out-dir that kil did not write')
    .option('--date <YYYY-MM-DD>', 'the assessment date in the outputs (default: SOURCE_DATE_EPOCH, else today)')
    .option('-q, --quiet', 'print only errors on stderr')
    .option('-j, --jobs <n>', 'threads assessing files, the main one included (default: one per 2,500 files, at most one per core and no more than the cores free)')
    .option('--baseline <file>', 'an earlier "kil batch --format json" result: adds the movement per contract and per step and principle')
    .action(async (paths: string[], opts: { format: string; failUnder?: string; council?: string }) => {
      const { runBatch } = await import('./commands/batch.js');
      setExit(await runBatch(paths, opts, io, parseFailUnder(opts.failUnder)));
    });

  program
    .command('profile')
    .description('what the published record shows of each buyer in imported notices: procedures, thresholds, lots, SME/VCSE and local awards, tender windows, direct awards, with peer benchmarks (docs/profile.md)')
    .argument('<paths...>', 'contract files as "kil import ocds" writes them, folders (searched for *.yaml and *.yml), globs, or "-" to read paths from stdin')
    .addOption(new Option('-f, --format <format>', 'output on stdout').choices(['md', 'json', 'csv', 'html']).default('md'))
    .option('--buyer <name-or-key>', "profile only this buyer (any of its names, its key or its registered identifier; otherwise every buyer whose key contains it); peers are still the whole input's")
    .option('--out-dir <dir>', 'also write profile.md, profile.html and profile.json into this folder')
    .option('--min-contracts <n>', 'contracts a buyer needs to be benchmarked or to count as a peer', '10')
    .option('--rubrics <dir>', "take Locality's size (question S4.1's bands) and the law from this rubric folder instead of the built-in one")
    .option('--force', 'replace files in --out-dir that kil did not write')
    .option('--date <YYYY-MM-DD>', 'the date in the outputs (default: SOURCE_DATE_EPOCH, else today)')
    .option('-q, --quiet', 'print only errors on stderr')
    .action(async (paths: string[], opts: { format: string }) => {
      const { runProfile } = await import('./commands/profile.js');
      setExit(await runProfile(paths, opts, io));
    });

  program
    .command('compare')
    .description('compare two assessments of the same procurement: the score, each step and principle, the answers and recommendations that changed')
    .argument('<before>', 'the earlier contract file, or its result from "kil assess --format json"; "-" reads it from stdin')
    .argument('<after>', 'the later contract file or JSON result; "-" reads it from stdin')
    .addOption(new Option('-f, --format <format>', 'output on stdout').choices(['md', 'json']).default('md'))
    .option('--fail-on-drop', 'exit with code 1 when the overall score fell, 3 when it fell to a provisional result')
    .option('--rubrics <dir>', 'score contract files with the rubrics in this folder instead of the built-in ones')
    .option('--rubric-set <id>', "assess on this built-in rubric set (keep-it-local, published-record) whatever the file's rubric_set: says")
    .option('--council <file>', 'the council profile for a contract file that names none')
    .option('--date <YYYY-MM-DD>', 'the assessment date of contract files (default: SOURCE_DATE_EPOCH, else today)')
    .option('-q, --quiet', 'print no summary on stderr')
    .action(async (before: string, after: string, opts: { format: string }) => {
      const { runCompare } = await import('./commands/compare.js');
      setExit(await runCompare(before, after, opts, io));
    });

  const init = program
    .command('init')
    .description('write a commented contract template with every fact and question, to fill in by hand ("kil init council": a council profile)')
    .argument('[file]', 'where to write it; "-" for standard output', 'contract.yaml')
    .option('--rubrics <dir>', 'take the questions from this rubric folder')
    .action(async (file: string, opts: { rubrics?: string }) => {
      const { runInit } = await import('./commands/init.js');
      setExit(await runInit(file, opts, io));
    });
  init
    .command('council')
    .description('write a commented council profile template: the answers about the council, given once for every contract')
    .argument('[file]', 'where to write it; "-" for standard output', 'council.yaml')
    .option('--rubrics <dir>', 'take the questions from this rubric folder')
    .option('--date <YYYY-MM-DD>', 'the review date to write (default: SOURCE_DATE_EPOCH, else today)')
    .action(async (file: string, _opts: unknown, command: Command) => {
      const { runInitCouncil } = await import('./commands/init.js');
      // "kil init --rubrics DIR council": the option is init's, so read it with the parent's.
      setExit(await runInitCouncil(file, command.optsWithGlobals<{ rubrics?: string; date?: string }>(), io));
    });

  program
    .command('schema')
    .description('print the JSON Schema of a kil file (contract, council, rubric, rubric-set, policy), for editors and validators')
    .argument('<name>', 'contract | council | rubric | rubric-set | policy')
    .option('--rubrics <dir>', 'list the questions and answers of this rubric folder in the contract schema')
    .action(async (name: string, opts: { rubrics?: string }) => {
      const { runSchema } = await import('./commands/schema.js');
      setExit(await runSchema(name, opts, io));
    });

  const imports = program.command('import').description('turn published data into contract files');
  imports
    .command('ocds')
    .description('import OCDS notices (release or record packages, arrays, single releases or JSON Lines, any of them gzipped; any size): one contract file per contracting process')
    .argument('<inputs...>', 'OCDS files (.json, .jsonl, .gz), or "-" for standard input')
    .requiredOption('--out-dir <dir>', 'where to write the contract files (required)')
    .option('--force', 'replace contract files that already exist')
    .option('--json-lines', 'read the inputs as JSON Lines (one release, record or package a line) whatever their names; otherwise .jsonl/.ndjson names and the first lines decide')
    .option('--rubrics <dir>', "take what the import assumes where a notice is silent (the policy file's ocds_import section) from this rubric folder instead of the built-in one")
    .action(async (inputs: string[], opts: { outDir: string; force?: boolean; jsonLines?: boolean; rubrics?: string }) => {
      const { runImportOcds } = await import('./commands/import-ocds.js');
      setExit(await runImportOcds(inputs, opts, io));
    });

  const rubric = program.command('rubric').description('list, read and check rubrics');
  rubric
    .command('list')
    .description('list the rubrics in the rubric folder')
    .option('--rubrics <dir>', 'rubric folder (default: the built-in rubrics)')
    .option('--rubric-set <id>', 'a built-in rubric set instead (keep-it-local, published-record)')
    .action(async (opts: RubricFolderOptions) => setExit(await (await import('./commands/rubric.js')).runRubricList(await rubricFolderOf(opts), io)));
  rubric
    .command('show')
    .description('show a rubric (or all) with its areas, questions, answers and scoring')
    .argument('[id]', 'rubric id, e.g. five-steps')
    .option('--rubrics <dir>', 'rubric folder (default: the built-in rubrics)')
    .option('--rubric-set <id>', 'a built-in rubric set instead (keep-it-local, published-record)')
    .action(async (id: string | undefined, opts: RubricFolderOptions) => setExit(await (await import('./commands/rubric.js')).runRubricShow(id, await rubricFolderOf(opts), io)));
  rubric
    .command('validate')
    .description('check rubric, rubric-set and policy files; with no files, the whole rubric folder')
    .argument('[files...]', 'YAML files to check one by one')
    .option('--rubrics <dir>', 'rubric folder to check as a whole (default: the built-in rubrics)')
    .option('--rubric-set <id>', 'a built-in rubric set instead (keep-it-local, published-record)')
    .action(async (files: string[], opts: RubricFolderOptions) => setExit((await import('./commands/rubric.js')).runRubricValidate(files, await rubricFolderOf(opts), io)));

  rubric
    .command('check')
    .description('check that the rubrics score fairly: bigger, longer or less divided never scores higher, and more (see docs/commands.md)')
    .option('--rubrics <dir>', 'rubric folder (default: the built-in rubrics)')
    .option('--rubric-set <id>', 'a built-in rubric set instead (keep-it-local, published-record)')
    .option('--runs <n>', 'generated contracts per property', '1000')
    .option('--seed <n>', 'random seed, to repeat a run exactly', '20261122')
    .option('--only <ids...>', 'check only these properties, e.g. value-grows lots-merged')
    .action(async (opts: RubricFolderOptions & { runs?: string; seed?: string; only?: string[] }) => setExit(await (await import('./commands/rubric.js')).runRubricCheck({ ...opts, ...(await rubricFolderOf(opts)) }, io)));

  return program;
}

interface RubricFolderOptions {
  rubrics?: string;
  rubricSet?: string;
}

/** `--rubric-set ID` as the folder of that built-in set (`--rubrics` wins when both are given). */
async function rubricFolderOf(opts: RubricFolderOptions): Promise<{ rubrics?: string }> {
  if (opts.rubrics !== undefined || opts.rubricSet === undefined) return opts.rubrics !== undefined ? { rubrics: opts.rubrics } : {};
  const { builtInRubricFolder } = await import('./rubric-choice.js');
  return { rubrics: builtInRubricFolder(opts.rubricSet, '--rubric-set') };
}

/** Run kil with argv (without node and script) and return the exit code. Never throws for user errors. */
export async function run(argv: readonly string[], io: BatchIo): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; every other parse problem is a usage error.
      return error.exitCode === 0 ? EXIT.ok : EXIT.input;
    }
    if (error instanceof UserError) {
      io.stderr(error.located ? `${error.message}\n` : `kil: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}
