import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveBrowser, launchBrowser } from '../helpers/browser.js';
import { jdgen } from '../helpers/cli.js';

/**
 * The HTML of every example, opened in Debian's Chromium as a reader would:
 * it loads nothing from outside, logs no error, uses its embedded fonts,
 * shows every clause, and printed to PDF by the browser it has as many pages
 * as jdgen's own PDF.
 */
describe.skipIf(!haveBrowser)('HTML in a real browser', () => {
  let out: string;
  let browser: Browser;
  const documents: string[] = [];

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'jdgen-html-'));
    const run = jdgen(['build', 'examples', '-f', 'html,pdf,json', '-o', out, '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const dir of readdirSync(out, { recursive: true, encoding: 'utf8' }))
      if (dir.endsWith('.html')) documents.push(join(out, dir.slice(0, -'.html'.length)));
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(out, { recursive: true, force: true });
  });

  it('builds an HTML file for every example', () => {
    expect(documents.length).toBeGreaterThanOrEqual(10);
  });

  it('opens every example without requests, errors or missing fonts, and prints it on as many pages as the PDF', async () => {
    for (const base of documents) {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (message) => problems.push(`console ${message.type()}: ${message.text()}`));
      page.on('pageerror', (error) => problems.push(`error: ${error.message}`));
      page.on('request', (request) => {
        if (!request.url().startsWith('file:') && !request.url().startsWith('data:')) problems.push(`request ${request.url()}`);
      });
      await page.goto(`file://${base}.html`);
      const fonts = await page.evaluate(async () => {
        await document.fonts.ready;
        const family = '"jdgen text"';
        return { regular: document.fonts.check(`11pt ${family}`), bold: document.fonts.check(`bold 11pt ${family}`), lang: document.documentElement.lang };
      });
      expect(fonts, base).toMatchObject({ regular: true, bold: true });
      const model = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as { meta: { language: string }; blocks: unknown[] };
      expect(fonts.lang).toBe(model.meta.language);

      // Every clause number of the model is on the page, in order.
      const numbers = [...JSON.stringify(model.blocks).matchAll(/"type":"clause","level":\d+,"number":"([^"]+)"/g)].map((m) => m[1]);
      const shown = await page.locator('ol.clauses li > .num').allInnerTexts();
      expect(shown, base).toEqual(numbers);

      const printed = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      const pages = async (bytes: Uint8Array): Promise<number> => (await getDocumentProxy(bytes)).numPages;
      expect(await pages(new Uint8Array(printed)), `${base}: pages printed from the browser`).toBe(await pages(new Uint8Array(readFileSync(`${base}.pdf`))));
      expect(problems, base).toEqual([]);
      await page.close();
    }
  }, 300_000);
});
