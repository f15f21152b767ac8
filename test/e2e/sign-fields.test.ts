import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jdgen, tempDir } from '../helpers/cli.js';

const fieldNames = (pdf: string): string[] =>
  (
    JSON.parse(execFileSync('qpdf', ['--json', '--json-key=acroform', pdf], { encoding: 'utf8' })) as { acroform: { fields: Array<{ fullname: string }> } }
  ).acroform.fields.map((f) => f.fullname);

describe('jdgen build --sign-fields', () => {
  it('adds signature fields from the option or the config, and rebuilds when the setting changes', () => {
    const out = tempDir();
    const role = 'examples/en/key-account-manager.yaml';
    expect(jdgen(['build', role, '-f', 'pdf', '-o', join(out, 'plain'), '-q']).code).toBe(0);
    expect(fieldNames(join(out, 'plain/key-account-manager.pdf'))).toEqual([]);
    const flagged = jdgen(['build', role, '-f', 'pdf', '-o', join(out, 'plain'), '--sign-fields']);
    expect(flagged.stdout + flagged.stderr).toContain('1 built');
    const names = fieldNames(join(out, 'plain/key-account-manager.pdf'));
    expect(names).toContain('Head of Legal, A Brown');
    expect(names).toContain('1 P Jones Key Account Manager');
    const config = join(out, 'jdgen.config.yaml');
    writeFileSync(config, 'jdgen: 1\noutput:\n  sign_fields: true\n');
    expect(jdgen(['build', role, '-f', 'pdf', '-o', join(out, 'config'), '--config', config, '-q']).code).toBe(0);
    expect(fieldNames(join(out, 'config/key-account-manager.pdf'))).toEqual(names);
  });
});
