/**
 * The README's picture of the live preview (docs/preview.png): `jdgen watch
 * --serve` on a copy of the example organisation, one role broken so the
 * error overlay shows over the last good document, in Debian's Chromium.
 *
 *   npm run build && tsx scripts/screenshot-preview.ts          # writes docs/preview.png and its .inputs hash
 *   tsx scripts/screenshot-preview.ts --check                   # exit 1 when the picture is older than its inputs
 *
 * Staleness is judged from the inputs, not the pixels (which differ from one
 * Chromium or font version to the next): a SHA-256 over this script, the
 * example organisation, the templates and the code that makes the page,
 * stored beside the picture. test/unit/preview-screenshot.test.ts runs the check.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');
export const SCREENSHOT = join(ROOT, 'docs', 'preview.png');
export const INPUTS_FILE = `${SCREENSHOT}.inputs`;

/**
 * What the picture is made from; a change to any of them calls for a new one.
 * Of the watcher only the page it serves (toolbar, overlay) shows in it: the
 * watching and serving code may change without a new picture.
 */
const INPUTS = ['scripts/screenshot-preview.ts', 'examples/organization', 'templates', 'src/watch/page.ts', 'src/write/html.ts', 'src/write/html'];

/** The hash of every input file (path and bytes, in a stable order). */
export function inputsHash(): string {
  const hash = createHash('sha256');
  const files: string[] = [];
  const walk = (path: string): void => {
    const info = statSync(path, { throwIfNoEntry: false });
    if (!info) return;
    if (info.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
    else files.push(path);
  };
  for (const input of INPUTS) walk(join(ROOT, input));
  for (const file of files.map((f) => relative(ROOT, f).split('\\').join('/')).sort()) {
    // Line endings as checked out (a Windows checkout) do not make the picture stale.
    const bytes = readFileSync(join(ROOT, file));
    const text = /\.(png|ttf|woff2?)$/i.test(file) ? bytes : Buffer.from(bytes.toString('utf8').replace(/\r\n/g, '\n'));
    hash.update(`${file}\0${text.length}\0`).update(text);
  }
  return hash.digest('hex');
}

async function takeScreenshot(): Promise<void> {
  const { launchBrowser } = await import('../test/helpers/browser.js');
  const { startWatch, until } = await import('../test/helpers/browser.js');
  const project = join(mkdtempSync(join(tmpdir(), 'jdgen-screenshot-')), 'organization');
  cpSync(join(ROOT, 'examples', 'organization'), project, { recursive: true });
  const [watch, browser] = await Promise.all([startWatch(['roles'], project), launchBrowser()]);
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 760 }, deviceScaleFactor: 1 });
    const role = 'roles/sales-manager.yaml';
    await page.goto(`${watch.url}role/${role}`);
    await until(page, `document.body.textContent.includes('Sales Manager')`);
    // A typo saved: the overlay shows the diagnostic over the last good document.
    const file = join(project, role);
    writeFileSync(file, readFileSync(file, 'utf8').replace('status: approved', 'status: aproved'));
    await until(page, `document.documentElement.dataset.jdgenState === 'failed'`);
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: SCREENSHOT });
  } finally {
    await browser.close();
    await watch.stop();
    rmSync(join(project, '..'), { recursive: true, force: true });
  }
  writeFileSync(INPUTS_FILE, `${inputsHash()}\n`);
  console.log(`wrote ${relative(ROOT, SCREENSHOT)} and ${relative(ROOT, INPUTS_FILE)}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const stored = readFileSync(INPUTS_FILE, 'utf8').trim();
    if (stored !== inputsHash()) {
      console.error(`${relative(ROOT, SCREENSHOT)} is stale: its inputs changed; run \`npm run screenshot\``);
      process.exitCode = 1;
    }
  } else await takeScreenshot();
}
