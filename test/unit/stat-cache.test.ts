import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../src/hash.js';
import { dependencyKey, JDGEN_ROOT } from '../../src/output/fingerprint.js';
import { isUpToDate, knownDependencies, type InputEntry } from '../../src/output/manifest.js';
import { RACY_MS, StatCache } from '../../src/output/stat-cache.js';
import { DependencyScope } from '../../src/output/trust.js';
import { tempDir } from '../helpers/cli.js';

/** A project with one role, one output, and a private cache folder; the clock can be moved past the racy window. */
function setup() {
  const root = tempDir('jdgen-stat-cache-');
  const outDir = join(root, 'out');
  mkdirSync(outDir);
  const cacheHome = join(root, 'cache-home');
  const role = join(root, 'role.yaml');
  const output = join(outDir, 'kam.md');
  writeFileSync(role, 'role v1');
  writeFileSync(output, '# KAM');
  for (const file of [role, output]) utimesSync(file, WHOLE_SECOND, WHOLE_SECOND);
  const entry: InputEntry = { settings: 'S', dependencies: { [dependencyKey(role, outDir)]: sha256('role v1') }, outputs: { 'kam.md': sha256('# KAM') } };
  let clock = Date.now();
  const open = () => StatCache.open(outDir, { env: { XDG_CACHE_HOME: cacheHome }, now: () => clock });
  const later = () => (clock = Date.now() + RACY_MS + 1000);
  const upToDate = (stats: StatCache) =>
    isUpToDate(entry, 'S', ['kam.md'], outDir, { scope: new DependencyScope([root, JDGEN_ROOT]), hashes: new Map(), stats, known: knownDependencies() });
  const cacheFile = () => {
    const files = readdirSync(join(cacheHome, 'jdgen'));
    expect(files).toHaveLength(1);
    return join(cacheHome, 'jdgen', files[0]!);
  };
  const cached = () => (JSON.parse(readFileSync(cacheFile(), 'utf8')) as { files: Record<string, { hash: string }> }).files;
  return { root, outDir, role, output, cacheHome, open, later, upToDate, cacheFile, cached };
}

/** Rewrites a file with other bytes of the same length and puts its modification time back. */
function sameSizeSameMtime(path: string, text: string): void {
  const before = statSync(path, { bigint: true });
  expect(BigInt(Buffer.byteLength(text))).toBe(before.size);
  writeFileSync(path, text);
  utimesSync(path, WHOLE_SECOND, WHOLE_SECOND);
  expect(statSync(path, { bigint: true }).mtimeNs).toBe(before.mtimeNs);
}

/** A modification time an hour ago, in whole seconds, so that setting it again gives the same nanoseconds. */
const WHOLE_SECOND = Math.floor(Date.now() / 1000) - 3600;

describe('StatCache: the no-op fast path', () => {
  it('records hashes of settled files in a private folder, and answers from them while the stat is unchanged', async () => {
    const { open, later, upToDate, cached, cacheHome, output, role } = setup();
    later();
    const first = open();
    expect(upToDate(first)).toBe(true);
    await first.save();
    expect(statSync(join(cacheHome, 'jdgen')).mode & 0o777).toBe(0o700);
    expect(cached()).toEqual({ [output]: { stat: expect.any(String), hash: sha256('# KAM') }, [role]: { stat: expect.any(String), hash: sha256('role v1') } });
    // The cache answers: a poisoned entry with the current stat is believed (so the cache is what was read).
    expect(open().hash(output)).toBe(sha256('# KAM'));
  });

  it('does not record a file modified within the timestamp granularity (racily clean)', async () => {
    const { open, upToDate, cacheHome } = setup();
    const stats = open();
    expect(upToDate(stats)).toBe(true);
    await stats.save();
    expect(() => readdirSync(join(cacheHome, 'jdgen'))).toThrow();
  });

  it('sees an output or an input rewritten with the same size and modification time (its ctime moved)', async () => {
    const { open, later, upToDate, output, role } = setup();
    later();
    const first = open();
    expect(upToDate(first)).toBe(true);
    await first.save();
    sameSizeSameMtime(output, '# KAm');
    expect(upToDate(open())).toBe(false);
    sameSizeSameMtime(output, '# KAM');
    expect(upToDate(open())).toBe(true);
    sameSizeSameMtime(role, 'role v2');
    expect(upToDate(open())).toBe(false);
  });

  it('sees an edit that changes the size or the modification time', async () => {
    const { open, later, upToDate, output } = setup();
    later();
    const first = open();
    expect(upToDate(first)).toBe(true);
    await first.save();
    writeFileSync(output, '# KAM, edited');
    expect(upToDate(open())).toBe(false);
  });

  it('ignores a cache folder others may read or write, and a cache file of the wrong shape', async () => {
    const { open, later, output, cacheFile, cacheHome } = setup();
    later();
    const first = open();
    first.hash(output);
    await first.save();
    // A poisoned entry for the file's real stat: believed only in a private folder.
    const poisoned = JSON.parse(readFileSync(cacheFile(), 'utf8')) as { files: Record<string, { hash: string }> };
    poisoned.files[output]!.hash = sha256('something else');
    writeFileSync(cacheFile(), JSON.stringify(poisoned));
    expect(open().hash(output)).toBe(sha256('something else'));
    chmodSync(join(cacheHome, 'jdgen'), 0o755);
    expect(open().hash(output)).toBe(sha256('# KAM'));
    chmodSync(join(cacheHome, 'jdgen'), 0o700);
    for (const text of ['{ not json', '[]', '{"version":1,"files":{"relative/path":{"stat":"1:2:3:4:5","hash":"x"}}}', '{"version":2,"files":{}}']) {
      writeFileSync(cacheFile(), text);
      expect(open().hash(output)).toBe(sha256('# KAM'));
    }
  });
});
