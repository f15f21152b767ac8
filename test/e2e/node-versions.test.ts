import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli.js';

/*
 * Users run jdgen on Node 20, 22 and 24, and a team's documents must not
 * change with the Node version of whoever builds them. `.ci/run` installs
 * the other majors from the npm registry's `node` package and names their
 * binaries in JDGEN_TEST_NODES (colon-separated); without it (a developer's
 * machine) this test is skipped.
 */
const OTHER_NODES = (process.env.JDGEN_TEST_NODES ?? '').split(':').filter(Boolean);
const EPOCH = '1767225600';

function buildExamples(node: string): string {
  const out = tempDir('jdgen-node-');
  execFileSync(node, [join(ROOT, 'bin/jdgen.js'), 'build', 'examples', '-o', out, '-j', '1', '-f', 'docx,pdf,md,json', '--quiet'], {
    cwd: ROOT,
    env: { ...process.env, SOURCE_DATE_EPOCH: EPOCH },
  });
  return out;
}

/** Every document built, by name (the manifest records the Node version on purpose, so it is left out). */
function documents(dir: string): Map<string, Buffer> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && !entry.name.startsWith('.jdgen'));
  return new Map(files.map((entry) => [join(entry.parentPath, entry.name).slice(dir.length + 1), readFileSync(join(entry.parentPath, entry.name))]));
}

describe.skipIf(OTHER_NODES.length === 0)('other Node.js majors', () => {
  it.each(OTHER_NODES)('%s builds every example byte for byte as this Node does', { timeout: 180_000 }, (node) => {
    const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
    expect(version).not.toBe(process.version);
    const expected = documents(buildExamples(process.execPath));
    const actual = documents(buildExamples(node));
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    expect(expected.size).toBeGreaterThan(30);
    const differing = [...expected].filter(([name, bytes]) => !actual.get(name)?.equals(bytes)).map(([name]) => name);
    expect(differing, `documents that differ under ${version}`).toEqual([]);
  });
});
