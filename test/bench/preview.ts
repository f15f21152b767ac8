/**
 * Save → updated preview: the time from writing a role file to the browser
 * showing the new text, with `jdgen watch --serve` warm (it has built the
 * role and served the page). Debian's Chromium, headless, driven by
 * playwright-core, shows the page; a MutationObserver in it notes when the
 * new text arrives, and the time is taken at the next animation frame (the
 * browser has laid the page out and is about to paint it). Both clocks are
 * the machine's (performance.timeOrigin + now()).
 *
 * Part of `npm run bench`; alone: `npm run build && tsx test/bench/preview.ts [--runs N] [role]`.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { haveBrowser, launchBrowser, startWatch, until } from '../helpers/browser.js';

const ROOT = resolve(import.meta.dirname, '../..');

export interface PreviewTimes {
  role: string;
  /** Milliseconds per run, in order. */
  runs: number[];
  median: number;
  /** What `jdgen watch` said the rebuilds took (change seen → preview sent), for the same runs. */
  serverMedian?: number;
}

/** The example organisation's sales manager: a role with a base, a clause library, a config and a logo. */
const DEFAULT_ROLE = 'roles/sales-manager.yaml';
const ORIGINAL = 'Monitors shipments and payments of the assigned customers.';

export async function measurePreview(runs = 10, role = DEFAULT_ROLE): Promise<PreviewTimes | undefined> {
  if (!haveBrowser) return undefined;
  const project = join(mkdtempSync(join(tmpdir(), 'jdgen-bench-preview-')), 'organization');
  cpSync(join(ROOT, 'examples', 'organization'), project, { recursive: true });
  const file = join(project, role);
  const text = readFileSync(file, 'utf8');
  if (!text.includes(ORIGINAL)) throw new Error(`${role} does not contain the duty the benchmark edits`);
  const [watch, browser] = await Promise.all([startWatch(['roles'], project), launchBrowser()]);
  try {
    const page = await browser.newPage();
    await page.goto(`${watch.url}role/${role}`);
    await until(page, `document.body.textContent.includes(${JSON.stringify(ORIGINAL)})`);
    const times: number[] = [];
    // Two warm-up saves (not counted): the first rebuilds load the writers' remaining modules.
    for (let i = -2; i < runs; i++) {
      const marker = `Monitors shipments and payments, run ${i + 3}.`;
      await page.evaluate(`void (window.__shown = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          if (!document.body.textContent.includes(${JSON.stringify(marker)})) return;
          observer.disconnect();
          requestAnimationFrame(() => resolve(performance.timeOrigin + performance.now()));
        });
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      }))`);
      const saved = performance.timeOrigin + performance.now();
      writeFileSync(file, text.replace(ORIGINAL, marker));
      const shown = (await page.evaluate('window.__shown')) as number;
      if (i >= 0) times.push(shown - saved);
      // Let the outputs be written (after the preview) before the next save, as a person pauses between saves.
      await new Promise((r) => setTimeout(r, 1500));
    }
    const server = [...watch.stdout().matchAll(/\(preview (\d+) ms/g)].map((m) => Number(m[1])).slice(-runs);
    return { role, runs: times, median: median(times), ...(server.length ? { serverMedian: median(server) } : {}) };
  } finally {
    await browser.close();
    await watch.stop();
    rmSync(join(project, '..'), { recursive: true, force: true });
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--runs');
  const runs = at >= 0 ? Number(args.splice(at, 2)[1]) : 10;
  const result = await measurePreview(runs, args[0]);
  if (!result) console.log('skipped: /usr/bin/chromium is not installed');
  else
    console.log(
      `save → updated preview (${result.role}, ${runs} runs): median ${result.median.toFixed(0)} ms; runs ${result.runs.map((t) => t.toFixed(0)).join(', ')} ms` +
        (result.serverMedian !== undefined ? `; jdgen's own change → preview sent: median ${result.serverMedian} ms` : ''),
    );
}
