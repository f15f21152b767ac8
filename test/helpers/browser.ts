import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/** Debian's Chromium, which `.ci/run` installs; playwright-core drives it over CDP. */
export const CHROMIUM = process.env.JDGEN_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Browser tests run where Chromium is installed, and always in CI: there a
 * missing browser must fail the run rather than skip the tests silently.
 */
export const haveBrowser = existsSync(CHROMIUM) || process.env.CI === 'true';

/** A headless Chromium (playwright gives it a fresh temporary profile) with nothing that reaches the network on its own. */
export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
