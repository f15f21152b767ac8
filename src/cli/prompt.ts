import { createInterface } from 'node:readline/promises';
import { UsageError } from '../diagnostics.js';
import type { InitAnswers } from '../project/init.js';

/** The questions `jdgen init` asks on a terminal, in order. */
export const QUESTIONS: ReadonlyArray<{ key: keyof InitAnswers; label: string }> = [
  { key: 'organization', label: 'Organisation name' },
  { key: 'city', label: 'City' },
  { key: 'approverPosition', label: 'Position of the head who approves' },
  { key: 'approverName', label: 'Their initials and surname' },
  { key: 'locale', label: 'Language of the documents' },
];

/**
 * Asks for every answer not given as a flag; an empty reply takes the
 * default shown in brackets. A locale jdgen does not have is asked again,
 * with the list. Ctrl+C or the end of input cancels before anything is
 * written (a usage error: the command did not run).
 */
export async function askAnswers(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  defaults: InitAnswers,
  given: Partial<InitAnswers>,
  locales: readonly string[],
): Promise<InitAnswers> {
  const rl = createInterface({ input, output, terminal: Boolean((input as { isTTY?: boolean }).isTTY) });
  // Ctrl+C ends the questions like the end of input does (without a listener readline would only pause).
  rl.on('SIGINT', () => rl.close());
  // Lines are read through the iterator, which keeps those typed (or piped) ahead of their question.
  const lines = rl[Symbol.asyncIterator]();
  const answers = { ...defaults, ...given };
  try {
    for (const { key, label } of QUESTIONS) {
      if (given[key] !== undefined) continue;
      const hint = key === 'locale' ? ` (${locales.join(', ')})` : '';
      for (;;) {
        rl.setPrompt(`${label}${hint} [${defaults[key]}]: `);
        rl.prompt();
        const next = await lines.next();
        if (next.done === true) {
          output.write('\n');
          throw new UsageError('init cancelled: nothing was written');
        }
        const reply = String(next.value).trim();
        if (key === 'locale' && reply !== '' && !locales.includes(reply)) {
          output.write(`  unknown locale \`${reply}\`: choose one of ${locales.join(', ')}\n`);
          continue;
        }
        answers[key] = reply === '' ? defaults[key] : reply;
        break;
      }
    }
  } finally {
    rl.close();
  }
  return answers;
}
