import { Argument, Command, CommanderError, Option } from 'commander';
import { UsageError, UserError } from '../diagnostics.js';
import { asEnvironmentError } from '../env/os-error.js';
import { sourceDateEpoch } from '../env/source-date-epoch.js';
import { colours, EXIT, prepareColours, type CliIO } from './io.js';
import { writeDiagnostics } from './diagnostics-view.js';
import { readVersion } from '../version.js';
import type { DiffCliOptions } from './diff.js';
import type { FamiliariseCliOptions } from './familiarise.js';
import type { ImportCliOptions } from './import.js';
import type { BuildCliOptions, InitCliOptions, ValidateCliOptions, WatchCliOptions } from './options.js';
import { PUBLISHED_SCHEMAS, type PublishedSchemaName } from '../validate/schema.js';
import { REPORTERS } from './report.js';
import { LINT_REPORTERS } from './lint-reporters.js';
import { SHELLS, type Shell } from './shells.js';
import { addHelpTexts } from './help.js';
import { terminalSafeLines } from '../env/printable.js';

/**
 * The command-line interface: argv → options → library call → report.
 * Commands are imported lazily so `jdgen --help` stays instant.
 */
export async function run(argv: readonly string[], outside: CliIO): Promise<number> {
  let exitCode: number = EXIT.ok;
  // This run's own copy: the global options set its verbosity before the command's action runs.
  const io: CliIO = { ...outside };
  const program = buildProgram(io, (code) => (exitCode = code));
  await prepareColours(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof VersionRequest) return await printVersion(argv, io);
    return await handleError(error, io);
  }
}

/** Thrown when `-v/--version` is parsed: the rest of the line is not run, as with commander's own version option. */
class VersionRequest extends Error {}

/** `--version` prints the version; `--version --verbose` (in either order) the environment, as `jdgen doctor` does. */
async function printVersion(argv: readonly string[], io: CliIO): Promise<number> {
  const options = argv.slice(0, argv.includes('--') ? argv.indexOf('--') : argv.length);
  if (!options.includes('--verbose')) {
    io.stdout.write(`${readVersion()}\n`);
    return EXIT.ok;
  }
  const { doctorCommand } = await import('./doctor.js');
  return await doctorCommand({ ...io, verbosity: 'verbose' });
}

function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command('jdgen')
    .description('Turn job descriptions written as YAML into DOCX, PDF and Markdown job instructions.')
    .addOption(new Option('-v, --version', 'print the version (with --verbose: Node.js, platform, bundled files, as `jdgen doctor`)'))
    .on('option:version', () => {
      throw new VersionRequest();
    })
    .option('-q, --quiet', 'print errors only: no progress, warnings, success lines or summary')
    .option('--verbose', 'print per-file detail, timings, and where config and templates come from')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run `jdgen --help` for usage)')
    .configureHelp({ showGlobalOptions: true })
    .hook('preAction', (_program, command) => {
      // Global options may stand before or after the command (`jdgen -q build …`, `jdgen build … -q`).
      const global = command.optsWithGlobals<{ quiet?: boolean; verbose?: boolean }>();
      if (global.quiet && global.verbose) throw new UsageError('--quiet and --verbose contradict each other: choose one');
      io.verbosity = global.quiet ? 'quiet' : global.verbose ? 'verbose' : 'normal';
      // Refused by every command, before any work, so no command half-runs on a date it cannot print.
      sourceDateEpoch(io.env);
    });

  withRoleOptions(program.command('build'))
    .description('build role files into documents (default: DOCX, PDF and Markdown)')
    .argument('<inputs...>', 'role files, folders or globs ("roles/**/*.yaml")')
    .option('-o, --out-dir <dir>', "output folder (default: the config's output.dir, else dist)")
    .option('-f, --format <list>', "comma-separated formats: docx,pdf,md,html,json (default: the config's, else docx,pdf,md)")
    .option('-j, --jobs <n>', 'threads that build: the main thread and n - 1 workers (default: one per core)')
    .option('--force', 'rebuild roles even when nothing they depend on changed')
    .option('--check', 'write nothing; exit 1 listing outputs that are missing or out of date (trusts matching manifest entries)')
    .option('--deep', 'with --check: render every role and compare, trusting no manifest entry')
    .option('--prune', 'delete the outputs of roles whose file no longer exists')
    .option('--fail-fast', 'stop after the first role that fails')
    .option('--sign-fields', "PDF: an empty signature field over every signature line (default: the config's output.sign_fields)")
    .option('--no-tagged', 'PDF: no structure tree for screen readers (PDF/A-2b instead of 2a; the pages look the same)')
    .addOption(
      new Option('--reporter <name>', 'human, json (machine-readable) or github (Actions annotations)').choices(['human', 'json', 'github']).default('human'),
    )
    .option('--shard <i/n>', 'build only the i-th of n stable parts of the inputs (CI matrices)')
    .option('--no-lint', 'do not run the error-level lint rules before building (see `jdgen lint`)')
    .action(async (files: string[], options: BuildCliOptions) => {
      const { buildCommand } = await import('./build.js');
      setExit(await buildCommand(files, options, io));
    });

  withRoleOptions(program.command('validate'))
    .description('check role files without writing anything')
    .argument('<inputs...>', 'role files, folders or globs; - reads one role from standard input')
    .addOption(new Option('--reporter <name>', 'human, json (machine-readable) or github (Actions annotations)').choices(REPORTERS).default('human'))
    .action(async (files: string[], options: ValidateCliOptions & { reporter?: string }) => {
      const { validateCommand } = await import('./validate.js');
      setExit(await validateCommand(files, options, io));
    });

  withRoleOptions(program.command('watch'))
    .description('build roles, then rebuild them whenever they or anything they depend on change (Ctrl-C stops)')
    .argument('<inputs...>', 'role files, folders or globs')
    .option('-o, --out-dir <dir>', "output folder (default: the config's output.dir, else dist)")
    .option('-f, --format <list>', "comma-separated formats to write (default: the config's, else docx,pdf,md)")
    .option('--serve', 'serve a live preview on 127.0.0.1 (the address is printed)')
    .option('--port <n>', 'port for --serve (default 0: any free port)')
    .option('--open', 'open the preview in the browser (with --serve)')
    .action(async (files: string[], options: WatchCliOptions) => {
      const { watchCommand } = await import('./watch.js');
      setExit(await watchCommand(files, options, io));
    });

  withRoleOptions(program.command('lint'))
    .description(
      'review roles as a legal reviewer would: duties without rights, liability beyond the law, discriminatory requirements, … (exit 1 on error-level findings)',
    )
    .argument('[inputs...]', 'role files, folders or globs (default: the current folder)')
    .addOption(new Option('--reporter <name>', 'text, json, github (Actions annotations) or sarif (code scanning)').choices(LINT_REPORTERS).default('text'))
    .action(async (files: string[], options: ValidateCliOptions & { reporter?: string }) => {
      const { lintCommand } = await import('./lint.js');
      setExit(await lintCommand(files, options, io));
    });

  withRoleOptions(program.command('uses'))
    .description('list the roles a base, a clause library or one of its clauses affects, with the clause numbers in each')
    .argument('<target>', 'a base or clause library file, or `library.yaml#clause`')
    .argument('[inputs...]', 'role files, folders or globs (default: the current folder)')
    .addOption(new Option('-f, --format <format>', 'text or json').choices(['text', 'json']).default('text'))
    .action(async (target: string, files: string[], options: ValidateCliOptions & { format?: string }) => {
      const { usesCommand } = await import('./uses.js');
      setExit(await usesCommand(target, files, options, io));
    });

  withRoleOptions(program.command('diff'))
    .description('compare two versions of a role clause by clause, or every role of a project across git revisions (exit 0 same, 1 different, 2 trouble)')
    .argument('[inputs...]', 'two role files; or one role file with --from; or, with --from, folders and role files (default: the current folder)')
    .option('--from <rev>', 'compare the role(s) at this git revision ...')
    .option('--to <rev>', '... with this revision (default: the working tree)')
    .addOption(
      new Option('-f, --format <format>', 'text, md (review summary), json, or docx (redline with tracked changes)')
        .choices(['text', 'md', 'json', 'docx'])
        .default('text'),
    )
    .option('-o, --output <path>', 'where --format docx writes the redline; over folders: a folder for one redline DOCX per changed role')
    .option('--author <name>', 'author of the tracked changes in the redline', 'jdgen')
    .action(async (inputs: string[], options: DiffCliOptions) => {
      const { diffCommand } = await import('./diff.js');
      setExit(await diffCommand(inputs, options, io));
    });

  withRoleOptions(program.command('familiarise'))
    .alias('familiarize')
    .description('list the employees who must sign again a job description whose approved version changed since a git revision; -o DIR: a sheet per role')
    .argument('[inputs...]', 'folders and role files (default: the current folder)')
    .option('--from <rev>', 'the revision the employees signed (a branch, tag or commit)')
    .option('--to <rev>', 'the revision to sign now (default: the working tree)')
    .addOption(new Option('-f, --format <format>', 'text, md or json').choices(['text', 'md', 'json']).default('text'))
    .option('-o, --output <dir>', 'write a re-familiarisation sheet (DOCX and PDF) per role into this folder')
    .action(async (inputs: string[], options: FamiliariseCliOptions) => {
      const { familiariseCommand } = await import('./familiarise.js');
      setExit(await familiariseCommand(inputs, options, io));
    });

  withRoleOptions(program.command('show'))
    .description('print a role fully resolved (config, bases, libraries, placeholders) as YAML')
    .argument('<file>', 'role YAML file')
    .action(async (file: string, options: ValidateCliOptions) => {
      const { showCommand } = await import('./project.js');
      setExit(await showCommand(file, options, io));
    });

  program
    .command('init')
    .description('create a ready project: config, a base role, a clause library, two roles, package.json, .gitignore, CI workflow')
    .argument('[dir]', 'folder to create it in', '.')
    .option('--org <name>', "the organisation's name (asked on a terminal)")
    .option('--city <name>', 'the city printed with the approval')
    .option('--approver-position <text>', 'position of the head who approves the job descriptions')
    .option('--approver-name <text>', 'initials and surname of that head')
    .option('--locale <name>', 'language of the documents (en, ru, uk, ...)')
    .option('-y, --yes', 'ask nothing: the defaults for every answer not given as a flag')
    .option('--force', "overwrite the scaffold's own files (config, bases, clauses, roles); never README.md, package.json, .gitignore or the workflow")
    .action(async (dir: string, options: InitCliOptions) => {
      const { initCommand } = await import('./project.js');
      setExit(await initCommand(dir, options, io));
    });

  program
    .command('new')
    .description('add a role file with every section stubbed')
    .argument('<title>', 'the position title, e.g. "Sales Manager"')
    .option('--extends <base>', "a base role: a path, or a name in the project's bases/ folder")
    .option('--dir <dir>', "folder for the file (default: the project's roles/, else here)")
    .option('--force', 'overwrite the file if it exists')
    .action(async (title: string, options: { extends?: string; dir?: string; force?: boolean }) => {
      const { newCommand } = await import('./project.js');
      setExit(await newCommand(title, options, io));
    });

  program
    .command('import')
    .description('turn Word (DOCX) or LibreOffice (ODT) job descriptions into role files, with a report of what went where')
    .argument('<files...>', 'documents to import (.docx, .odt)')
    .option('-o, --out-dir <dir>', 'folder for the role files (default: here)')
    .option('--locale <name>', "the documents' language (default: guessed from their headings)")
    .option('--extends <base>', 'a base role file: write only what differs from it (and from the config)')
    .addOption(new Option('--reporter <name>', 'how to print the report').choices(['text', 'json']).default('text'))
    .option('--force', 'overwrite role files that exist')
    .action(async (files: string[], options: ImportCliOptions) => {
      const { importCommand } = await import('./import.js');
      setExit(await importCommand(files, options, io));
    });

  program
    .command('schema')
    .description('print a JSON Schema (role files by default), or write them all into a folder, for editors and CI')
    .addOption(new Option('--name <schema>', 'which schema to print').choices([...PUBLISHED_SCHEMAS]).default('role'))
    .addOption(
      new Option('--write <dir>', "write every schema into this folder, replacing older copies (e.g. the project's schemas/ after an upgrade)").conflicts(
        'name',
      ),
    )
    .action(async (options: { name: PublishedSchemaName; write?: string }) => {
      if (options.write === undefined) {
        const { readSchemaText } = await import('../validate/schema.js');
        io.stdout.write(readSchemaText(options.name));
        return;
      }
      const { schemaCommand } = await import('./project.js');
      setExit(await schemaCommand(options.write, io));
    });

  program
    .command('doctor')
    .description('print versions and where templates, schemas and fonts come from; check they are readable')
    .action(async () => {
      const { doctorCommand } = await import('./doctor.js');
      setExit(await doctorCommand(io));
    });

  program
    .command('completion')
    .description('print the shell completion script for bash, zsh or fish')
    .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
    .action(async (shell: Shell) => {
      const { completionScript } = await import('./completion.js');
      io.stdout.write(await completionScript(shell));
    });

  // Called by the completion scripts with the line being typed (COMP_LINE, COMP_POINT): not for people.
  program
    .command('completion-server', { hidden: true })
    .argument('[words...]')
    .action(async () => {
      const { completeLine } = await import('./completion.js');
      setExit(await completeLine(program, io));
    });

  addHelpTexts(program);
  return program;
}

/** The options of every command that reads roles: templates, locale and config. */
function withRoleOptions(command: Command): Command {
  return command
    .option('--templates <dir>', 'a templates folder layered over the bundled one')
    .option('--locale <name>', "override the roles' locale")
    .option('--config <file>', 'use this jdgen.config.yaml instead of the nearest one');
}

async function handleError(error: unknown, io: CliIO): Promise<number> {
  if (error instanceof CommanderError) {
    // Help and version "errors" are commander's way of exiting early on success.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  const c = colours(io, 'stderr');
  if (error instanceof UsageError) {
    io.stderr.write(`${c.red('error:')} ${terminalSafeLines(error.message)}\n`);
    return EXIT.usage;
  }
  if (error instanceof UserError) {
    await writeDiagnostics(io.stderr, error.diagnostics, c);
    return EXIT.invalid;
  }
  // A full disk, a read-only or forbidden folder: the machine's refusal, not a bug in jdgen.
  const refused = asEnvironmentError(error);
  if (refused) {
    io.stderr.write(`${c.red('error:')} ${terminalSafeLines(refused.message)}\n`);
    return EXIT.invalid;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr.write(`${c.red('internal error')} (a bug in jdgen, please report it with the input that caused it):\n${stack}\n`);
  return EXIT.internal;
}
