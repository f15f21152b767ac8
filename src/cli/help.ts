import type { Command } from 'commander';

/** The exit codes of every command but `diff` (EXIT in io.ts; the README has the same table). */
const EXIT_CODES = `Exit codes:
  0  success
  1  invalid input: a role has errors (lint: or an error-level finding), or (with --check) outputs are stale or missing;
     jdgen doctor: something is broken
  2  wrong usage: unknown option, command or format, missing argument, inputs that match no role
  3  internal error: a bug in jdgen (please report it with the input)`;

const DIFF_EXIT_CODES = `Exit codes (as diff(1)):
  0  the two versions are the same
  1  they differ
  2  trouble: a file or revision that cannot be read, wrong usage
  3  internal error: a bug in jdgen (please report it with the input)
  Over folders (--from with folders): 0 no document differs (roles only affected count as the same),
  1 a role changed, was added, removed or renamed, 2 also when a role does not compile at either revision.`;

/** Examples per command, shown after its options: commands that work from a project made by `jdgen init`. */
const EXAMPLES: Record<string, string[]> = {
  '': [
    'jdgen init hr && cd hr && jdgen build roles/',
    'jdgen validate roles/ --reporter github',
    'jdgen build roles/ --check --quiet',
    'jdgen doctor',
    'source <(jdgen completion bash)',
  ],
  build: [
    'jdgen build roles/kam.yaml',
    'jdgen build roles/ -o dist -f pdf,docx',
    'jdgen build "roles/**/*.yaml" --check --reporter github',
    'jdgen build roles/ --shard 2/4 --quiet',
    'jdgen build roles/ --no-lint              # skip the error-level lint rules',
  ],
  validate: [
    'jdgen validate roles/',
    'jdgen validate roles/kam.yaml --verbose',
    'jdgen validate roles/ --reporter json > report.json',
    'jdgen validate roles/ --reporter github   # annotations in a pull request',
  ],
  watch: [
    'jdgen watch roles/                        # rebuild on every save',
    'jdgen watch roles/ --serve --open         # and a live preview in the browser',
    'jdgen watch roles/kam.yaml --serve --port 8080 -f pdf,html',
  ],
  lint: [
    'jdgen lint                                # every role below this folder',
    'jdgen lint roles/ --reporter github       # annotations in a pull request',
    'jdgen lint roles/ --reporter sarif > jdgen.sarif',
  ],
  uses: ['jdgen uses clauses/common.yaml#confidentiality roles/', 'jdgen uses bases/manager.yaml roles/ -f json'],
  diff: [
    'jdgen diff old/kam.yaml roles/kam.yaml',
    'jdgen diff roles/kam.yaml --from v1.0 -f md',
    'jdgen diff roles/kam.yaml --from HEAD -f docx -o review.docx',
    'jdgen diff --from main roles/                 # every role: changed, added, removed, renamed, through which shared file',
    'jdgen diff --from v1.0 --to v1.1 -f md        # a pull request comment',
    'jdgen diff --from main roles/ -o redlines/    # and one redline DOCX per changed role',
  ],
  familiarise: [
    'jdgen familiarise --from v1.0 roles/',
    'jdgen familiarise --from main -o sheets/   # a sheet to print per role (DOCX, PDF)',
    'jdgen familiarise --from v1.0 --to v1.1 -f json',
  ],
  show: ['jdgen show roles/kam.yaml', 'jdgen show roles/kam.yaml --locale ru'],
  init: ['jdgen init hr', 'jdgen init .'],
  new: ['jdgen new "Sales Manager"', 'jdgen new "Key Account Manager" --extends sales-base'],
  import: [
    'jdgen import "Sales Manager.docx" -o roles/',
    'jdgen import old/*.docx -o roles/ --reporter json > import-report.json',
    'jdgen import kam.docx --extends bases/manager.yaml -o roles/   # only what differs from the base',
  ],
  schema: ['jdgen schema > role.schema.json', 'jdgen schema --name config'],
  doctor: ['jdgen doctor', 'jdgen --version --verbose'],
  completion: [
    'source <(jdgen completion bash)            # this shell only',
    'jdgen completion bash >> ~/.bashrc',
    'jdgen completion zsh > "${fpath[1]}/_jdgen"',
    'jdgen completion fish > ~/.config/fish/completions/jdgen.fish',
  ],
};

/**
 * Examples and the exit-code table after the help of the program and of each
 * command (commander's addHelpText), kept in one table so the command
 * definitions stay about options.
 */
export function addHelpTexts(program: Command): void {
  for (const command of [program, ...program.commands]) {
    const name = command === program ? '' : command.name();
    const examples = EXAMPLES[name];
    if (!examples) continue;
    const codes = name === 'diff' ? DIFF_EXIT_CODES : EXIT_CODES;
    command.addHelpText('after', `\nExamples:\n${examples.map((e) => `  ${e}`).join('\n')}\n\n${codes}\n`);
  }
}

/** Commands that have help texts: the test checks every visible command is among them. */
export const HELPED_COMMANDS = Object.keys(EXAMPLES).filter(Boolean);
