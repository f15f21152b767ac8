import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jdgen, ROOT, tempDir } from '../helpers/cli.js';
import { haveBrowser, launchBrowser, startWatch, type WatchProcess } from '../helpers/browser.js';

/** How long a poll waits for a rebuild to reach the page: generous, as the test files beside it (fuzz, LibreOffice) load the 2 cores; a pass takes well under a second. */
const WAIT_MS = 30_000;

/**
 * `jdgen watch --serve` in a real browser: Debian's Chromium, headless,
 * driven by playwright-core. The role file is edited on disk as an editor
 * would, and the page must follow without a reload.
 */
/** The page's document version (the client script sets it on each update); page functions are strings: the tests are compiled without the DOM's types. */
const VERSION = "document.documentElement.dataset.jdgenVersion ?? ''";

describe.runIf(haveBrowser)('jdgen watch --serve in Chromium', () => {
  const ROLE = 'roles/sales-manager.yaml';
  let project: string;
  let watch: WatchProcess;
  let browser: Browser;
  let page: Page;
  let original: string;
  const role = () => join(project, ROLE);

  beforeAll(async () => {
    project = join(tempDir(), 'organization');
    cpSync(join(ROOT, 'examples', 'organization'), project, { recursive: true });
    original = readFileSync(role(), 'utf8');
    [watch, browser] = await Promise.all([startWatch(['roles'], project), launchBrowser()]);
    page = await browser.newPage();
    await page.setViewportSize({ width: 900, height: 500 });
  });

  afterAll(async () => {
    await browser?.close();
    if (watch) expect(await watch.stop()).toBe(0);
  });

  it('lists the watched roles on the index page', async () => {
    await page.goto(watch.url);
    const links = await page.locator('li a').allTextContents();
    expect(links).toEqual(['roles/account-manager.yaml', ROLE]);
  });

  it('updates the page when the role is saved, keeping the scroll position', async () => {
    await page.goto(`${watch.url}role/${ROLE}`);
    await expect.poll(() => page.textContent('body')).toContain('Finds and attracts new wholesale customers');
    await page.evaluate('window.scrollTo(0, 400)');
    const version = await page.evaluate(VERSION);
    writeFileSync(role(), original.replace('Finds and attracts new wholesale customers', 'Finds and wins over new wholesale customers'));
    await expect.poll(() => page.textContent('body'), { timeout: WAIT_MS }).toContain('Finds and wins over new wholesale customers');
    expect(await page.evaluate(VERSION)).not.toBe(version);
    expect(await page.evaluate('window.scrollY')).toBe(400);
  });

  it('shows every diagnostic as the CLI prints it when the role breaks, and removes the overlay when it is fixed', async () => {
    await page.goto(`${watch.url}role/${ROLE}`);
    await expect.poll(() => page.locator('#jdgen-overlay').isHidden()).toBe(true);
    const broken = original.replace('status: approved', 'status: aproved').replace('reports_to: Head of Sales', 'reports_to: [Head of Sales]');
    writeFileSync(role(), broken);
    const overlay = page.locator('#jdgen-overlay');
    await expect.poll(() => overlay.isVisible(), { timeout: WAIT_MS }).toBe(true);
    const shown = await page.locator('#jdgen-diagnostics').textContent();
    const cli = jdgen(['validate', ROLE], { cwd: project, env: { NO_COLOR: '1' } });
    expect(cli.code).toBe(1);
    // The same text `jdgen validate` prints for the same file, line for line (its summary line aside).
    expect(cli.stderr).toBe(`${shown}✗ ${ROLE}: 2 errors, nothing written\n`);
    expect(shown).toContain(`${ROLE}:8:11: error:`);
    expect(shown).toContain('  8 |   status: aproved');
    expect(shown).toMatch(/hint: .*approved/);
    expect(shown).toContain(`${ROLE}:12:15: error:`);
    // The last good document (the previous test's edit) stays underneath.
    expect(await page.textContent('body')).toContain('Finds and wins over new wholesale customers');
    writeFileSync(role(), original.replace('Sales Department', 'Sales and Marketing Department'));
    await expect.poll(() => overlay.isHidden(), { timeout: WAIT_MS }).toBe(true);
    await expect.poll(() => page.textContent('body')).toContain('Sales and Marketing Department');
  });

  it('links to the PDF and DOCX of the last good build', async () => {
    await page.goto(`${watch.url}role/${ROLE}`);
    const hrefs = await Promise.all(
      (await page.locator('#jdgen-toolbar a').all()).map(async (link) => new URL((await link.getAttribute('href'))!, watch.url).href),
    );
    expect(hrefs.map((h) => h.replace(watch.url, ''))).toEqual([`output/${ROLE}.pdf`, `output/${ROLE}.docx`]);
    const pdf = await page.request.get(hrefs[0]!);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.headers()['content-type']).toBe('application/pdf');
  });

  it('runs no script but its own: the CSP names the live-reload script by its hash', async () => {
    const response = await page.goto(`${watch.url}role/${ROLE}`);
    const csp = response!.headers()['content-security-policy']!;
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("default-src 'none'");
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
    });
    // A script element put in by anything but the server does not run.
    const ran = await page.evaluate(`(async () => {
      const script = document.createElement('script');
      script.textContent = 'document.documentElement.dataset.injected = "yes"';
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return document.documentElement.dataset.injected ?? 'no';
    })()`);
    expect(ran).toBe('no');
    expect(await page.locator('#jdgen-live script').count()).toBe(1);
  });

  it('prints one line per rebuild', async () => {
    // The last rebuild's line comes once its outputs are written, after the preview.
    await expect
      .poll(() => watch.stdout().match(/ after roles\/sales-manager\.yaml changed$/gm)?.length, { timeout: WAIT_MS, message: watch.stdout() })
      .toBe(3);
    const lines = watch.stdout().trim().split('\n');
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d built roles\/account-manager\.yaml, roles\/sales-manager\.yaml \(preview \d+ ms, outputs \d+ ms\)$/);
    expect(lines[1]).toMatch(/^preview: http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(lines.filter((l) => / failed roles\/sales-manager\.yaml: 2 errors /.test(l))).toHaveLength(1);
    expect(lines.filter((l) => / built roles\/sales-manager\.yaml .* after roles\/sales-manager\.yaml changed$/.test(l))).toHaveLength(2);
  });
});
