import { request } from 'node:http';
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compile, createContext, watch, type Rebuild, type WatchHandle } from '../../src/index.js';
import { BUNDLED_TEMPLATES } from '../../src/render/layers.js';
import { Debouncer } from '../../src/watch/debounce.js';
import { affectedRoles } from '../../src/watch/deps.js';
import { invalidate } from '../../src/watch/invalidate.js';
import { parseRoute, PreviewServer, realInside } from '../../src/watch/server.js';
import { ROOT, tempDir } from '../helpers/cli.js';

describe('Debouncer', () => {
  afterEach(() => vi.useRealTimers());

  it('hands a burst of events over once, when the disk has been quiet long enough', () => {
    vi.useFakeTimers();
    const flushed: string[][] = [];
    const debouncer = new Debouncer(25, (paths) => flushed.push([...paths]));
    for (let i = 0; i < 10; i++) {
      debouncer.add(i % 2 ? 'a.yaml' : 'b.yaml');
      vi.advanceTimersByTime(10);
    }
    expect(flushed).toEqual([]);
    vi.advanceTimersByTime(25);
    expect(flushed).toEqual([['b.yaml', 'a.yaml']]);
    debouncer.add('c.yaml');
    vi.advanceTimersByTime(25);
    expect(flushed).toEqual([['b.yaml', 'a.yaml'], ['c.yaml']]);
  });

  it('forgets pending paths when cancelled', () => {
    vi.useFakeTimers();
    const flush = vi.fn();
    const debouncer = new Debouncer(25, flush);
    debouncer.add('a.yaml');
    debouncer.cancel();
    vi.advanceTimersByTime(100);
    expect(flush).not.toHaveBeenCalled();
  });
});

describe('affectedRoles', () => {
  const deps = new Map([
    ['/p/roles/a.yaml', new Set(['/p/roles/a.yaml', '/p/bases/manager.yaml', '/t/locales/en.yaml'])],
    ['/p/roles/b.yaml', new Set(['/p/roles/b.yaml', '/t/locales/en.yaml'])],
    ['/p/roles/c.yaml', new Set(['/p/roles/c.yaml'])],
  ]);

  it('maps a changed file to the roles that read it', () => {
    expect(affectedRoles(deps, new Map([['/p/bases/manager.yaml', 'change']]), new Set())).toEqual(new Set(['/p/roles/a.yaml']));
    expect(affectedRoles(deps, new Map([['/t/locales/en.yaml', 'change']]), new Set())).toEqual(new Set(['/p/roles/a.yaml', '/p/roles/b.yaml']));
    expect(affectedRoles(deps, new Map([['/p/roles/c.yaml', 'unlink']]), new Set())).toEqual(new Set(['/p/roles/c.yaml']));
    expect(affectedRoles(deps, new Map([['/elsewhere.yaml', 'change']]), new Set())).toEqual(new Set());
  });

  it('retries a failed role when any file is created (it may be the base it names)', () => {
    const failed = new Set(['/p/roles/c.yaml']);
    expect(affectedRoles(deps, new Map([['/p/bases/new.yaml', 'add']]), failed)).toEqual(new Set(['/p/roles/c.yaml']));
    expect(affectedRoles(deps, new Map([['/p/bases/new.yaml', 'change']]), failed)).toEqual(new Set());
  });
});

describe('invalidate', () => {
  it('forgets only what the changed file fed: a locale edit keeps templates, style and parsed fonts', async () => {
    const context = createContext();
    const result = await compile('examples/en/contract-specialist.yaml', { cwd: ROOT, context, formats: ['pdf', 'html'] });
    expect(result.outputs?.pdf).toBeDefined();
    const subsets = context.html!.subsets.size;
    expect(subsets).toBe(4);
    const templates = context.templates.get(BUNDLED_TEMPLATES);
    const fonts = [...context.pdf!.parsedFonts.entries()];
    expect(templates).toBeDefined();
    expect(context.locales.size).toBe(1);
    expect(fonts.length).toBeGreaterThan(0);

    invalidate(context, [join(BUNDLED_TEMPLATES, 'locales', 'en.yaml')]);
    expect(context.locales.size).toBe(0);
    expect(context.localeNames.has(BUNDLED_TEMPLATES)).toBe(false);
    expect(context.templates.get(BUNDLED_TEMPLATES)).toBe(templates);
    expect(context.styles.has(BUNDLED_TEMPLATES)).toBe(true);
    expect([...context.pdf!.parsedFonts.entries()]).toEqual(fonts);

    invalidate(context, [join(BUNDLED_TEMPLATES, 'partials', 'duties.hbs')]);
    expect(context.templates.has(BUNDLED_TEMPLATES)).toBe(false);
    expect(context.styles.has(BUNDLED_TEMPLATES)).toBe(true);

    invalidate(context, [join(BUNDLED_TEMPLATES, 'style.yaml')]);
    expect(context.styles.has(BUNDLED_TEMPLATES)).toBe(false);

    const [font] = fonts[0]!;
    invalidate(context, [font]);
    expect(context.pdf!.parsedFonts.has(font)).toBe(false);
    expect(context.pdf!.parsedFonts.size).toBe(fonts.length - 1);
    // The HTML writer's file and subsets of that font go too; the other faces' subsets stay.
    expect(context.html!.files.has(font)).toBe(false);
    expect(context.html!.subsets.size).toBe(subsets - 1);
  });

  it('a font replaced at its path: the same context then sets the PDF and the DOCX as a new one would', async () => {
    const dir = tempDir('jdgen-font-swap-');
    const faces = join(ROOT, 'node_modules/@expo-google-fonts/noto-sans');
    const regular = join(dir, 'regular.ttf');
    cpSync(join(faces, '400Regular/NotoSans_400Regular.ttf'), regular);
    writeFileSync(join(dir, 'style.yaml'), readFileSync(join(BUNDLED_TEMPLATES, 'style.yaml'), 'utf8').replace(/regular: npm:\S+/, 'regular: ./regular.ttf'));
    const role = 'examples/en/contract-specialist.yaml';
    const build = async (context: ReturnType<typeof createContext>) =>
      (await compile(role, { cwd: ROOT, context, templatesDir: dir, formats: ['pdf', 'docx'] })).outputs!;
    const context = createContext();
    const before = await build(context);
    // Another font at the same path (wider glyphs): layouts and measures made with the old one must not be reused.
    cpSync(join(faces, '700Bold/NotoSans_700Bold.ttf'), regular);
    invalidate(context, [regular]);
    const after = await build(context);
    const fresh = await build(createContext());
    expect(Buffer.from(after.pdf!).equals(Buffer.from(fresh.pdf!))).toBe(true);
    expect(Buffer.from(after.docx!).equals(Buffer.from(fresh.docx!))).toBe(true);
    expect(Buffer.from(after.pdf!).equals(Buffer.from(before.pdf!))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves the context alone for a role file (roles, bases and libraries are read anew anyway)', async () => {
    const context = createContext();
    await compile('examples/en/contract-specialist.yaml', { cwd: ROOT, context });
    const sizes = [context.templates.size, context.locales.size, context.styles.size];
    invalidate(context, [join(ROOT, 'examples/en/contract-specialist.yaml')]);
    expect([context.templates.size, context.locales.size, context.styles.size]).toEqual(sizes);
  });
});

describe('preview server: refuses what is not a watched role', () => {
  it('parses routes after resolving dot segments, as a browser does', () => {
    expect(parseRoute('/')).toEqual({ kind: 'index' });
    expect(parseRoute('/role/roles/kam.yaml')).toEqual({ kind: 'role', name: 'roles/kam.yaml' });
    expect(parseRoute('/role/roles/k%C3%A4m.yaml')).toEqual({ kind: 'role', name: 'roles/käm.yaml' });
    expect(parseRoute('/output/roles/kam.yaml.pdf')).toEqual({ kind: 'output', name: 'roles/kam.yaml', format: 'pdf' });
    // `..` and `%2e%2e` segments climb out of /role/ before routing: what is left is not a route.
    expect(parseRoute('/role/../../etc/passwd')).toBeUndefined();
    expect(parseRoute('/role/%2e%2e/%2e%2e/etc/passwd')).toBeUndefined();
    // An encoded slash keeps the dots inside one segment; after decoding, a `..` segment is refused.
    expect(parseRoute('/role/..%2f..%2fetc%2fpasswd')).toBeUndefined();
    expect(parseRoute('/output/%2e%2e%2f%2e%2e%2fetc%2fpasswd.pdf')).toBeUndefined();
    expect(parseRoute('/role/a%00b')).toBeUndefined();
    expect(parseRoute('/role/%E0%A4%A')).toBeUndefined();
    expect(parseRoute('/output/roles/kam.yaml.yaml')).toBeUndefined();
    expect(parseRoute('//etc/passwd')).toBeUndefined();
    expect(parseRoute('/etc/passwd')).toBeUndefined();
  });

  it('serves an output only from inside its folder, after following symlinks', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'kam.pdf'), '%PDF-1.7');
    writeFileSync(join(dir, 'secret.txt'), 'secret');
    symlinkSync(join(dir, 'secret.txt'), join(dir, 'dist', 'link.pdf'));
    expect(realInside(join(dir, 'dist', 'kam.pdf'), join(dir, 'dist'))).toBe(join(dir, 'dist', 'kam.pdf'));
    expect(realInside(join(dir, 'dist', 'link.pdf'), join(dir, 'dist'))).toBeUndefined();
    expect(realInside(join(dir, 'dist', '..', 'secret.txt'), join(dir, 'dist'))).toBeUndefined();
    expect(realInside('/etc/passwd', join(dir, 'dist'))).toBeUndefined();
    expect(realInside(join(dir, 'dist'), join(dir, 'dist'))).toBeUndefined();
  });

  it('answers 404 or 403 over HTTP, never a file', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'secret.txt'), 'secret');
    writeFileSync(join(dir, 'dist', 'kam.pdf'), '%PDF-1.7');
    const server = await PreviewServer.start(0);
    try {
      server.setRoles(['roles/kam.yaml']);
      server.published('roles/kam.yaml', '<!DOCTYPE html><html><head></head><body><p>Key account manager</p></body></html>');
      server.setOutputs('roles/kam.yaml', join(dir, 'dist'), { pdf: join(dir, 'dist', 'kam.pdf') });
      const port = Number(new URL(server.url).port);
      const get = (path: string, host = `127.0.0.1:${port}`) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
            let body = '';
            res.setEncoding('utf8').on('data', (c: string) => (body += c));
            res.on('end', () => resolve({ status: res.statusCode!, body }));
          });
          req.on('error', reject).end();
        });
      expect((await get('/role/roles/kam.yaml')).body).toContain('Key account manager');
      expect(await get('/output/roles/kam.yaml.pdf')).toEqual({ status: 200, body: '%PDF-1.7' });
      for (const path of [
        '/role/../secret.txt',
        '/role/%2e%2e/secret.txt',
        '/output/..%2f..%2fsecret.txt.pdf',
        `/output/${join(dir, 'secret.txt')}.pdf`,
        `/${join(dir, 'secret.txt')}`,
        '/role/roles/other.yaml',
        '/output/roles/kam.yaml.docx',
      ]) {
        const answer = await get(path);
        expect(answer.status, path).toBe(404);
        expect(answer.body).not.toContain('secret');
      }
      // The PDF replaced by a symlink to a file outside the output folder.
      rmSync(join(dir, 'dist', 'kam.pdf'));
      symlinkSync(join(dir, 'secret.txt'), join(dir, 'dist', 'kam.pdf'));
      expect(await get('/output/roles/kam.yaml.pdf')).toEqual({ status: 403, body: 'outside the output folder\n' });
      // Another site's name resolving to 127.0.0.1 (DNS rebinding) gets nothing.
      expect((await get('/role/roles/kam.yaml', `evil.example:${port}`)).status).toBe(403);
    } finally {
      await server.close();
    }
  });
});

describe('watch(): rebuilds on the changes editors make', () => {
  let handle: WatchHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  /** A copy of the example organisation, watched with its rebuilds collected. */
  async function watched(): Promise<{ project: string; role: string; rebuilds: Rebuild[]; next: (count: number) => Promise<Rebuild> }> {
    const project = join(tempDir(), 'organization');
    cpSync(join(ROOT, 'examples', 'organization'), project, { recursive: true });
    const rebuilds: Rebuild[] = [];
    handle = await watch(['roles'], { cwd: project, formats: ['md'], onRebuild: (r) => rebuilds.push(r) });
    const next = async (count: number) => {
      await vi.waitFor(() => expect(rebuilds.length).toBeGreaterThanOrEqual(count), { timeout: 10_000, interval: 20 });
      await handle!.idle();
      return rebuilds[count - 1]!;
    };
    return { project, role: join(project, 'roles', 'sales-manager.yaml'), rebuilds, next };
  }
  const md = (project: string) => readFileSync(join(project, 'dist', 'sales-manager.md'), 'utf8');

  it('builds everything first, then one rebuild for a burst of saves', async () => {
    const { project, role, rebuilds, next } = await watched();
    expect(rebuilds).toHaveLength(1);
    expect(rebuilds[0]!.files.map((f) => [f.file, f.status])).toEqual([
      ['roles/account-manager.yaml', 'built'],
      ['roles/sales-manager.yaml', 'built'],
    ]);
    const text = readFileSync(role, 'utf8');
    for (let i = 1; i <= 5; i++) writeFileSync(role, text.replace('Sales Department', `Sales Department ${i}`));
    const rebuild = await next(2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(rebuilds).toHaveLength(2);
    expect(rebuild.changed).toEqual(['roles/sales-manager.yaml']);
    expect(rebuild.files.map((f) => [f.file, f.status])).toEqual([['roles/sales-manager.yaml', 'built']]);
    expect(md(project)).toContain('Sales Department 5');
  });

  it('rebuilds every role that uses a changed base, and only those', async () => {
    const { project, next } = await watched();
    const base = join(project, 'bases', 'manager.yaml');
    writeFileSync(base, `${readFileSync(base, 'utf8')}\n`);
    const rebuild = await next(2);
    expect(rebuild.changed).toEqual(['bases/manager.yaml']);
    expect(rebuild.files.map((f) => f.file).sort()).toEqual(['roles/account-manager.yaml', 'roles/sales-manager.yaml']);
  });

  it('follows a save by rename (vim with backupcopy=no, JetBrains safe write)', async () => {
    const { project, role, next } = await watched();
    const text = readFileSync(role, 'utf8');
    // vim: the original is renamed away, the new text written under the name.
    renameSync(role, `${role}~`);
    writeFileSync(role, text.replace('Sales Department', 'Renamed Department'));
    rmSync(`${role}~`);
    await next(2);
    expect(md(project)).toContain('Renamed Department');
    // JetBrains: written to a temporary file beside it, then renamed over the original.
    writeFileSync(`${role}___jb_tmp___`, text.replace('Sales Department', 'Safe-write Department'));
    renameSync(`${role}___jb_tmp___`, role);
    await next(3);
    expect(md(project)).toContain('Safe-write Department');
  });

  it('reports a deleted role and picks it up again when it is re-created', async () => {
    const { project, role, rebuilds, next } = await watched();
    const text = readFileSync(role, 'utf8');
    rmSync(role);
    await vi.waitFor(() => expect(handle!.roles()).toEqual(['roles/account-manager.yaml']), { timeout: 10_000, interval: 20 });
    const before = rebuilds.length;
    writeFileSync(role, text.replace('Sales Department', 'Re-created Department'));
    const rebuild = await next(before + 1);
    expect(md(project)).toContain('Re-created Department');
    expect(handle!.roles()).toEqual(['roles/account-manager.yaml', 'roles/sales-manager.yaml']);
    expect(rebuild.files.map((f) => [f.file, f.status])).toEqual([['roles/sales-manager.yaml', 'built']]);
  });

  it('keeps running after an error, and a role named as a file reports its own deletion', async () => {
    const project = join(tempDir(), 'organization');
    cpSync(join(ROOT, 'examples', 'organization'), project, { recursive: true });
    const role = join(project, 'roles', 'sales-manager.yaml');
    const rebuilds: Rebuild[] = [];
    handle = await watch('roles/sales-manager.yaml', { cwd: project, formats: ['md'], onRebuild: (r) => rebuilds.push(r) });
    const text = readFileSync(role, 'utf8');
    writeFileSync(role, text.replace('status: approved', 'status: [approved'));
    await vi.waitFor(() => expect(rebuilds.at(-1)?.files[0]?.status).toBe('failed'), { timeout: 10_000, interval: 20 });
    expect(rebuilds.at(-1)!.files[0]!.diagnostics[0]).toMatchObject({ file: 'roles/sales-manager.yaml', line: 9 });
    rmSync(role);
    await vi.waitFor(() => expect(rebuilds.at(-1)?.files[0]?.diagnostics[0]?.message).toMatch(/not found|no such|does not exist/i), {
      timeout: 10_000,
      interval: 20,
    });
    // The same text as the first build: the manifest knows the outputs are current.
    writeFileSync(role, text);
    await vi.waitFor(() => expect(rebuilds.at(-1)?.files[0]?.status).toBe('unchanged'), { timeout: 10_000, interval: 20 });
  });
});
