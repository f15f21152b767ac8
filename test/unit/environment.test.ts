import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { UsageError } from '../../src/diagnostics.js';
import { asEnvironmentError, EnvironmentError } from '../../src/env/os-error.js';
import { printable } from '../../src/env/printable.js';
import { MAX_SOURCE_DATE_EPOCH, sourceDateEpoch } from '../../src/env/source-date-epoch.js';

const errno = (code: string, fields: Record<string, string> = {}) => Object.assign(new Error(`${code}: something`), { code, ...fields });

describe('OS refusals are the environment, not a bug', () => {
  it('names the place and the reason in words', () => {
    expect(asEnvironmentError(errno('ENOSPC', { syscall: 'write' }))?.message).toBe('cannot write: no space left on device');
    expect(asEnvironmentError(errno('EROFS', { syscall: 'open', path: '/mnt/out/a.md' }))?.message).toBe('cannot open /mnt/out/a.md: read-only file system');
    // A rename is reported against where the file was going, not the temporary file.
    expect(asEnvironmentError(errno('EPERM', { syscall: 'rename', path: '/o/.a.md.jdgen-tmp-1', dest: '/o/a.md' }))?.message).toBe(
      'cannot replace /o/a.md: operation not permitted (an immutable or protected file?)',
    );
    expect(asEnvironmentError(errno('EACCES', { syscall: 'mkdir', path: 'out\u001b[2J' }))?.message).toBe(
      'cannot create the folder out\\x1b[2J: permission denied',
    );
  });

  it('leaves what points at a bug alone: ENOENT, EINVAL, plain errors', () => {
    expect(asEnvironmentError(errno('ENOENT', { syscall: 'open', path: '/x' }))).toBeUndefined();
    expect(asEnvironmentError(errno('EINVAL'))).toBeUndefined();
    expect(asEnvironmentError(new TypeError('x is undefined'))).toBeUndefined();
    expect(asEnvironmentError({ code: 'ENOSPC' })).toBeUndefined();
  });

  it('the CLI ends an OS refusal met anywhere with one line and exit 1, not exit 3', async () => {
    let stderr = '';
    const io = {
      cwd: process.cwd(),
      env: {},
      stdout: {
        write: () => {
          throw errno('ENOSPC', { syscall: 'write' });
        },
      },
      stderr: { write: (text: string) => (stderr += text) },
    };
    expect(await run(['schema'], io)).toBe(1);
    expect(stderr).toBe('error: cannot write: no space left on device\n');
  });

  it('EnvironmentError is its own class, so library users can tell it apart', () => {
    expect(new EnvironmentError('write', 'a.md', 'EDQUOT')).toMatchObject({ code: 'EDQUOT', path: 'a.md', message: 'cannot write a.md: disk quota exceeded' });
  });
});

describe('SOURCE_DATE_EPOCH', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['0', 0],
    [' 1700000000 ', 1700000000],
    [String(MAX_SOURCE_DATE_EPOCH), MAX_SOURCE_DATE_EPOCH],
  ])('%j → %j', (value, seconds) => {
    expect(sourceDateEpoch({ SOURCE_DATE_EPOCH: value })).toBe(seconds);
  });

  it.each(['-1', '1e20', '12.5', '0x10', 'yesterday', String(MAX_SOURCE_DATE_EPOCH + 1), '9'.repeat(400)])('%j is wrong usage', (value) => {
    expect(() => sourceDateEpoch({ SOURCE_DATE_EPOCH: value })).toThrow(UsageError);
    expect(() => sourceDateEpoch({ SOURCE_DATE_EPOCH: value })).toThrow(/^SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC/);
  });

  it('shows a hostile value escaped and shortened', () => {
    expect(() => sourceDateEpoch({ SOURCE_DATE_EPOCH: '1\u001b[31m' })).toThrow('got `1\\x1b[31m`');
    expect(printable('x'.repeat(500)).length).toBe(201);
  });
});
