/**
 * Shell completion for bash, zsh and fish.
 *
 * The scripts and the protocol come from @pnpm/tabtab, the completion library
 * pnpm itself ships (Node ≥ 18, MIT). Chosen over the alternatives because its
 * parts take what jdgen's CLI passes around instead of the process globals —
 * the environment to parse, a function to write with, the script as a string —
 * so completion runs in-process in tests like every other command; its bash
 * script works without the bash-completion package. (@bomb.sh/tab prints with
 * console.log and its bash script needs bash-completion's helpers and cannot be
 * sourced twice; omelette and tabtab are unmaintained.)
 *
 * The script calls `jdgen completion-server -- <words>` with COMP_LINE and
 * COMP_POINT set; the candidates are read off the commander program itself
 * (commands, options, their choices), so a new option is completed without
 * touching this file. Only what an option's value means (a folder, a YAML
 * file, a format list, a locale) is said here.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, type Dirent } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Command, Option } from 'commander';
import tabtab from '@pnpm/tabtab';
import { BUNDLED_TEMPLATES, listNames } from '../render/layers.js';
import { FORMATS } from '../write/registry.js';
import { knownBases } from '../project/new-role.js';
import { EXIT, type CliIO } from './io.js';
import { SHELLS, type Shell } from './shells.js';

export async function completionScript(shell: Shell): Promise<string> {
  const script = await tabtab.getCompletionScript({ name: 'jdgen', completer: 'jdgen', shell });
  return script.endsWith('\n') ? script : `${script}\n`;
}

interface Candidate {
  name: string;
  description?: string;
}

/** Answers one completion request: the candidates for the word under the cursor, one a line. */
export async function completeLine(program: Command, io: CliIO): Promise<number> {
  const env = tabtab.parseEnv(io.env);
  if (!env.complete) return EXIT.ok;
  const shell = shellOf(io.env.SHELL);
  // bash splits words at `=` (COMP_WORDBREAKS): it replaces only what follows it, so it gets the value alone.
  const found = candidates(program, words(env.partial), io.cwd, { valueAfterEquals: shell === 'bash' ? 'value' : 'word' });
  const write = (line: string) => void io.stdout.write(`${line}\n`);
  // tabtab.log keeps, for bash, only the lines that start with the whole last word: it would drop the
  // values of `--opt=value`, which bash needs alone. bash shows no descriptions, so the names are all it gets.
  if (shell === 'bash') found.forEach((c) => write(c.name));
  else
    tabtab.log(
      found.map((c) => (c.description ? { name: c.name, description: c.description } : c.name)),
      shell,
      write,
    );
  return EXIT.ok;
}

/** The words of the line up to the cursor; the last one is the word being completed ('' after a space). */
export function words(partial: string): string[] {
  return partial.replace(/^\s+/, '').split(/\s+/);
}

/** What may stand at the end of `line` (the words typed so far, the program's name first). */
export function candidates(
  program: Command,
  line: readonly string[],
  cwd: string,
  style: { valueAfterEquals: 'value' | 'word' } = { valueAfterEquals: 'word' },
): Candidate[] {
  const current = line[line.length - 1] ?? '';
  const typed = line.slice(1, -1);
  let command: Command | undefined;
  let positionals = 0;
  let pending: Option | undefined;
  for (const word of typed) {
    if (pending) {
      pending = undefined;
      continue;
    }
    if (word.startsWith('-') && word !== '-') {
      const option = findOption(program, command, word.split('=')[0]!);
      if (option && (option.required || option.optional) && !word.includes('=')) pending = option;
      continue;
    }
    if (!command) {
      command = program.commands.find((c) => c.name() === word || c.aliases().includes(word));
      if (!command) return [];
    } else positionals += 1;
  }
  const matching = (list: Candidate[]) => list.filter((c) => c.name.startsWith(current));
  if (pending) return matching(optionValues(pending, current, cwd));
  if (current.startsWith('--') && current.includes('=')) return inlineValues(program, command, current, cwd, style.valueAfterEquals);
  if (current.startsWith('-')) return matching(optionsOf(program, command));
  if (!command) {
    return matching(
      program
        .createHelp()
        .visibleCommands(program)
        .map((c) => ({ name: c.name(), description: c.description() })),
    );
  }
  return matching(argumentValues(command, positionals, current, cwd));
}

/** `--format=do` → `--format=docx` (or `docx` alone, for bash): the option's values after its `=`. */
function inlineValues(program: Command, command: Command | undefined, current: string, cwd: string, style: 'value' | 'word'): Candidate[] {
  const equals = current.indexOf('=');
  const option = findOption(program, command, current.slice(0, equals));
  if (!option || !(option.required || option.optional)) return [];
  const value = current.slice(equals + 1);
  const prefix = style === 'word' ? current.slice(0, equals + 1) : '';
  return optionValues(option, value, cwd)
    .filter((c) => c.name.startsWith(value))
    .map((c) => ({ name: `${prefix}${c.name}` }));
}

function findOption(program: Command, command: Command | undefined, flag: string): Option | undefined {
  return [...(command?.options ?? []), ...program.options].find((o) => o.long === flag || o.short === flag);
}

/** The command's options and the global ones, long names (with the short one said in the description). */
function optionsOf(program: Command, command: Command | undefined): Candidate[] {
  const own = command ? command.createHelp().visibleOptions(command) : [];
  const global = program.createHelp().visibleOptions(program);
  return [...own, ...global]
    .filter((o) => o.long)
    .map((o) => ({ name: o.long!, description: o.description }))
    .filter((c, i, all) => all.findIndex((d) => d.name === c.name) === i);
}

/** An option's value: its choices, else what the option names (see the table below). */
function optionValues(option: Option, current: string, cwd: string): Candidate[] {
  if (option.argChoices) return option.argChoices.map((name) => ({ name }));
  switch (option.long) {
    case '--format':
      return formatList(current);
    case '--locale':
      return listNames(BUNDLED_TEMPLATES, 'locales', '.yaml').map((name) => ({ name }));
    case '--config':
      return paths(current, cwd, true);
    case '--extends':
      // The names of the project's bases; a path once the word looks like one.
      return [...knownBases(cwd).map((name) => ({ name })), ...(/[./]/.test(current) ? paths(current, cwd, true) : [])];
    case '--from':
    case '--to':
      return revisions(cwd);
    case '--templates':
    case '--out-dir':
    case '--dir':
    case '--output':
      return paths(current, cwd, false);
    default:
      return [];
  }
}

/**
 * The git revisions a user names with --from and --to: HEAD, the branches,
 * the tags (and remote branches), newest commit first, as `git for-each-ref`
 * lists them (started without a shell, bounded in time and count). Nothing
 * outside a repository.
 */
export function revisions(cwd: string): Candidate[] {
  let listing: string;
  try {
    listing = execFileSync(
      'git',
      ['for-each-ref', '--sort=-committerdate', '--count=500', '--format=%(refname:short)', 'refs/heads', 'refs/tags', 'refs/remotes'],
      {
        cwd,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 2000,
      },
    );
  } catch {
    return [];
  }
  const names = listing.split('\n').filter((name) => name && !name.endsWith('/HEAD'));
  return ['HEAD', ...names].filter((name, i, all) => all.indexOf(name) === i).map((name) => ({ name }));
}

/** `-f docx,p` → `docx,pdf`: a comma-separated list, each format once. */
function formatList(current: string): Candidate[] {
  const comma = current.lastIndexOf(',');
  const before = current.slice(0, comma + 1);
  const chosen = new Set(before.split(',').filter(Boolean));
  return FORMATS.filter((f) => !chosen.has(f)).map((f) => ({ name: `${before}${f}` }));
}

/** A command's positional arguments: role files (YAML) and folders for the commands that read roles. */
function argumentValues(command: Command, index: number, current: string, cwd: string): Candidate[] {
  const argument = command.registeredArguments[Math.min(index, command.registeredArguments.length - 1)];
  if (!argument || (index >= command.registeredArguments.length && !argument.variadic)) return [];
  if (argument.argChoices) return argument.argChoices.map((name) => ({ name }));
  if (['build', 'validate', 'diff', 'familiarise', 'show'].includes(command.name())) return paths(current, cwd, true);
  if (command.name() === 'init') return paths(current, cwd, false);
  if (command.name() === 'import') return paths(current, cwd, false).concat(documents(current, cwd));
  return [];
}

/**
 * Entries of the folder the word names that start with its last part: folders
 * (with a slash, to go on into them) and, when asked, YAML files. Hidden
 * entries only when the word asks for them with a dot.
 */
function paths(current: string, cwd: string, yamlFiles: boolean): Candidate[] {
  return entriesFor(
    current,
    cwd,
    (e, prefix) => (prefix.startsWith('.') || !e.name.startsWith('.')) && (e.isDirectory() || (yamlFiles && e.isFile() && /\.ya?ml$/i.test(e.name))),
  );
}

/** Word and LibreOffice documents in the folder the word names (for `import`). */
function documents(current: string, cwd: string): Candidate[] {
  return entriesFor(current, cwd, (e) => e.isFile() && /\.(docx|odt)$/i.test(e.name));
}

/** The entries of the folder a partly typed path names that start with its last part and that `keep` accepts, sorted. */
function entriesFor(current: string, cwd: string, keep: (entry: Dirent, prefix: string) => boolean): Candidate[] {
  const slash = current.lastIndexOf('/');
  const folder = current.slice(0, slash + 1);
  const prefix = current.slice(slash + 1);
  let entries: Dirent[];
  try {
    entries = readdirSync(resolve(cwd, folder || '.'), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.name.startsWith(prefix) && keep(e, prefix))
    .map((e) => ({ name: `${folder}${e.name}${e.isDirectory() ? '/' : ''}` }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The templates set SHELL to the shell they run in. */
function shellOf(shell: string | undefined): Shell {
  const name = basename(shell ?? '');
  return (SHELLS as readonly string[]).includes(name) ? (name as Shell) : 'bash';
}
