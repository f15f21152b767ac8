import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startWatch } from '../helpers/browser.js';
import { ROOT, tempDir } from '../helpers/cli.js';

/**
 * `--open` hands the preview's address to the system's opener (xdg-open on
 * Linux). A stand-in xdg-open first on PATH records what it was given; a
 * missing opener is a note, not a failure.
 */
describe.runIf(process.platform === 'linux')('jdgen watch --serve --open', () => {
  function project(): string {
    const dir = join(tempDir(), 'organization');
    cpSync(join(ROOT, 'examples', 'organization'), dir, { recursive: true });
    return dir;
  }

  it('opens the printed address in the browser, and Ctrl-C still stops with exit 0', async () => {
    const cwd = project();
    const bin = join(cwd, 'fake-bin');
    mkdirSync(bin);
    const record = join(cwd, 'opened.txt');
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > '${record}'\n`);
    chmodSync(join(bin, 'xdg-open'), 0o755);
    const watch = await startWatch(['roles', '--open'], cwd, { PATH: `${bin}:${process.env.PATH ?? ''}` });
    await expect.poll(() => existsSync(record) && readFileSync(record, 'utf8'), { timeout: 10_000 }).toBe(watch.url);
    expect(await watch.stop()).toBe(0);
  }, 60_000);

  it('says how to open the preview when there is no opener', async () => {
    const cwd = project();
    const empty = join(cwd, 'empty-bin');
    mkdirSync(empty);
    // An empty PATH: no xdg-open anywhere (node itself is started by its full path).
    const watch = await startWatch(['roles', '--open'], cwd, { PATH: empty });
    await expect.poll(() => watch.stderr(), { timeout: 10_000 }).toContain(`could not start \`xdg-open\` to open a browser; open ${watch.url} yourself`);
    expect(await watch.stop()).toBe(0);
  }, 60_000);
});
