import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { jdgen, ROOT, tempDir } from '../helpers/cli.js';

/**
 * `jdgen diff` through the real CLI: exit codes (0 same, 1 different, 2
 * trouble), the text, Markdown and JSON views, git revisions (bases read at
 * the same revision), and the DOCX redline with tracked changes, opened in
 * LibreOffice.
 */

const KAM = join(ROOT, 'examples/en/key-account-manager.yaml');
const ESC = '\u001b[';
const NEW_DUTY = 'Checks the stock reserved for key customers every week.';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- role data edited freely, as a reviewer edits YAML
type RoleData = any;

const duty = (role: RoleData, id: string): number => (role.duties as Array<{ id?: string }>).findIndex((d) => d.id === id);

/** The example role with a reviewer's edits: a reworded clause, an insertion, a deletion, a move, a new date. */
function edited(): string {
  const role = parse(readFileSync(KAM, 'utf8')) as RoleData;
  role.document.date = '2026-12-01';
  role.duties[duty(role, 'account-plans')].text = 'Draws up a yearly development plan for each key account and reports on its fulfilment every quarter.';
  role.duties.splice(duty(role, 'needs'), 0, { id: 'stock', text: NEW_DUTY });
  role.duties.splice(duty(role, 'events'), 1);
  const [crm] = role.duties.splice(duty(role, 'crm'), 1);
  role.rights.unshift(crm);
  return stringify(role);
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

let cwd: string;

beforeAll(() => {
  cwd = realpathSync(tempDir('jdgen-diff-e2e-'));
  write(cwd, { 'old.yaml': readFileSync(KAM, 'utf8'), 'new.yaml': edited(), 'same.yaml': readFileSync(KAM, 'utf8') });
});

describe('jdgen diff: exit codes', () => {
  it('exits 0 for the same document and 1 for a different one', () => {
    const same = jdgen(['diff', 'old.yaml', 'same.yaml'], { cwd });
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('no changes');
    expect(same.stderr).toBe('');
    const different = jdgen(['diff', 'old.yaml', 'new.yaml'], { cwd });
    expect(different.code).toBe(1);
    expect(different.stderr).toBe('');
  });

  it('exits 2 for a missing file', () => {
    const run = jdgen(['diff', 'old.yaml', 'no-such-role.yaml'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no-such-role.yaml: error: file not found');
    expect(run.stdout).toBe('');
  });

  it('exits 2 for an invalid role, with its diagnostics', () => {
    const dir = tempDir();
    write(dir, { 'old.yaml': readFileSync(KAM, 'utf8'), 'bad.yaml': readFileSync(KAM, 'utf8').replace('  - id: portfolio', '  - 42\n  - id: portfolio') });
    const run = jdgen(['diff', 'old.yaml', 'bad.yaml'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.yaml:\d+:\d+: error: duties\[0\]/);
    expect(run.stdout).toBe('');
  });

  it.each([
    [['diff'], /give two role files, or one role file with --from REV/],
    [['diff', 'a.yaml', 'b.yaml', 'c.yaml'], /folders and more files go with --from/],
    [['diff', 'old.yaml'], /give two role files, or one role file with --from REV/],
    [['diff', 'old.yaml', 'new.yaml', '-f', 'pdf'], /argument 'pdf' is invalid/],
    [['diff', 'old.yaml', 'new.yaml', '-f', 'docx'], /--format docx writes a file: add -o review\.docx/],
    [['diff', 'old.yaml', 'new.yaml', '--bogus'], /unknown option '--bogus'/],
  ])('exits 2 on wrong usage: %j', (args, message) => {
    const run = jdgen(args as string[], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

describe('jdgen diff: views', () => {
  it('names clauses by number (old → new) and shows wdiff markers without colour', () => {
    const run = jdgen(['diff', 'old.yaml', 'new.yaml'], { cwd });
    expect(run.stdout).toMatch(/^--- old\.yaml\n\+\+\+ new\.yaml\n/);
    expect(run.stdout).toContain('~ document.date: 2026-11-02 → 2026-12-01');
    expect(run.stdout).toContain('~ reworded 3.2 [account-plans]: Draws up [-an annual-]{+a yearly+} development plan');
    expect(run.stdout).toContain(`+ inserted 3.3 [stock]: ${NEW_DUTY}`);
    expect(run.stdout).toContain('~ moved 3.9 → 4.1 [crm] (3. Duties → 4. Rights): Keeps complete');
    expect(run.stdout).toContain('- deleted 3.11 [events]: Takes part in exhibitions');
    // Clauses that only got a new number are not listed.
    expect(run.stdout).not.toMatch(/3\.10 → 3\.10|\[market\]|\[needs\]/);
    expect(run.stdout).toMatch(/1 header field, 1 inserted, 1 deleted, 1 reworded, 1 moved\n$/);
    expect(run.stdout).not.toContain(ESC);
    const coloured = jdgen(['diff', 'old.yaml', 'new.yaml'], { cwd, env: { FORCE_COLOR: '1' } });
    expect(coloured.stdout).toContain(ESC);
    expect(coloured.stdout).not.toContain('{+');
    expect(jdgen(['diff', 'old.yaml', 'new.yaml'], { cwd, env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout).toContain('[-an annual-]{+a yearly+}');
  });

  it('writes a Markdown review summary with --format md', () => {
    const run = jdgen(['diff', 'old.yaml', 'new.yaml', '--format', 'md'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^## Changes: old\.yaml → new\.yaml\n\n1 header field, 1 inserted, 1 deleted, 1 reworded, 1 moved\n/);
    expect(run.stdout).toContain('### Document details\n\n| field | before | after |\n| --- | --- | --- |\n| document.date | 2026-11-02 | 2026-12-01 |');
    expect(run.stdout).toContain('### Clauses');
    expect(run.stdout).toContain('- **3.2** reworded: Draws up ~~an annual~~**a yearly** development plan');
    expect(run.stdout).toContain(`- **3.3** inserted: ${NEW_DUTY}`);
    expect(run.stdout).toContain('- **3.9 → 4.1** moved (from 3. Duties): Keeps complete');
    expect(run.stdout).toContain("- **3.11** deleted: ~~Takes part in exhibitions, conferences and presentations of the company's products.~~");
  });

  it('prints JSON valid against schemas/diff.schema.json, which `jdgen schema --name diff` prints', () => {
    const schemaRun = jdgen(['schema', '--name', 'diff']);
    expect(schemaRun.code).toBe(0);
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/diff.schema.json'), 'utf8')) as object;
    expect(JSON.parse(schemaRun.stdout)).toEqual(schema);
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    for (const [other, code, same] of [
      ['new.yaml', 1, false],
      ['same.yaml', 0, true],
    ] as const) {
      const run = jdgen(['diff', 'old.yaml', other, '-f', 'json'], { cwd });
      expect(run.code).toBe(code);
      const json = JSON.parse(run.stdout) as { same: boolean; summary: object };
      expect(validate(json), JSON.stringify(validate.errors, null, 2)).toBe(true);
      expect(json.same).toBe(same);
    }
    const json = JSON.parse(jdgen(['diff', 'old.yaml', 'new.yaml', '-f', 'json'], { cwd }).stdout) as { summary: object };
    expect(json.summary).toEqual({ header: 1, inserted: 1, deleted: 1, reworded: 1, moved: 1 });
  });
});

describe('jdgen diff: git revisions', () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  /** The example role split into a base every manager shares and a role that extends it. */
  const base = (edit: (data: RoleData) => void = () => undefined): string => {
    const data = parse(readFileSync(KAM, 'utf8')) as RoleData;
    delete data.document;
    edit(data);
    return stringify(data);
  };
  const role = (version: number, date: string, extra = ''): string =>
    `jdgen: 1\nextends: ../bases/manager.yaml\ndocument:\n  number: JD-014\n  date: ${date}\n  version: ${version}\n  status: draft\n${extra}`;

  beforeAll(() => {
    repo = realpathSync(tempDir('jdgen-diff-git-'));
    git('init', '-q');
    git('config', 'user.name', 'Test');
    git('config', 'user.email', 'test@example.com');
    git('config', 'commit.gpgsign', 'false');
    write(repo, { 'jdgen.config.yaml': 'jdgen: 1\n', 'bases/manager.yaml': base(), 'roles/kam.yaml': role(1, '2026-11-02') });
    git('add', '.');
    git('commit', '-q', '-m', 'first');
    // Second commit: the base changes the approver and a duty; the role its version and date.
    write(repo, {
      'bases/manager.yaml': base((d) => {
        d.approval.name = 'K. Jones';
        d.duties[duty(d, 'account-plans')].text = 'Draws up a yearly development plan for each key account and reports on its fulfilment every quarter.';
      }),
      'roles/kam.yaml': role(2, '2026-12-01'),
    });
    git('commit', '-q', '-a', '-m', 'second');
    // Working tree: the role appends a duty, the base rewords a right; neither is committed.
    write(repo, {
      'bases/manager.yaml': base((d) => {
        d.approval.name = 'K. Jones';
        d.duties[duty(d, 'account-plans')].text = 'Draws up a yearly development plan for each key account and reports on its fulfilment every quarter.';
        d.rights[d.rights.findIndex((r: { id?: string }) => r.id === 'training')].text =
          "To improve the professional qualification through training at the company's expense, at least once a year.";
      }),
      'roles/kam.yaml': role(2, '2026-12-01', `duties:\n  append:\n    - id: stock\n      text: ${NEW_DUTY}\n`),
    });
  });

  it('compares two revisions, reading the bases at the same revisions', () => {
    const run = jdgen(['diff', 'roles/kam.yaml', '--from', 'HEAD~1', '--to', 'HEAD', '-f', 'json'], { cwd: repo });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as {
      old: string;
      new: string;
      header: Array<{ field: string }>;
      clauses: Array<{ kind: string; id?: string; old?: { number: string } }>;
    };
    expect(json.old).toBe('roles/kam.yaml@HEAD~1');
    expect(json.new).toBe('roles/kam.yaml@HEAD');
    expect(json.header).toEqual([
      { field: 'document.date', old: '2026-11-02', new: '2026-12-01' },
      { field: 'document.version', old: '1', new: '2' },
      { field: 'approval', old: 'Director General: J. Smith', new: 'Director General: K. Jones' },
    ]);
    // The base's committed change, and nothing of the working tree (the new duty, the reworded right).
    expect(json.clauses.map((c) => `${c.kind} ${c.id}`)).toEqual(['reworded account-plans']);
  });

  it('compares a revision with the working tree, bases included', () => {
    const run = jdgen(['diff', 'roles/kam.yaml', '--from', 'HEAD'], { cwd: repo });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^--- roles\/kam\.yaml@HEAD\n\+\+\+ roles\/kam\.yaml\n/);
    expect(run.stdout).toContain(`+ inserted 3.12 [stock]: ${NEW_DUTY}`);
    expect(run.stdout).toContain(
      "~ reworded 4.6 [training]: To improve the professional qualification through training at the company's expense{+, at least once a year+}.",
    );
    expect(run.stdout).not.toContain('account-plans');
    expect(run.stdout).toMatch(/0 header fields, 1 inserted, 0 deleted, 1 reworded, 0 moved\n$/);
  });

  it('finds the role from a subfolder and through a symlinked path', () => {
    const sub = jdgen(['diff', 'kam.yaml', '--from', 'HEAD~1', '--to', 'HEAD', '-f', 'json'], { cwd: join(repo, 'roles') });
    expect(sub.stderr).toBe('');
    expect(sub.code).toBe(1);
    const outside = realpathSync(tempDir('jdgen-diff-link-'));
    symlinkSync(repo, join(outside, 'link'));
    const linked = jdgen(['diff', 'link/roles/kam.yaml', '--from', 'HEAD~1', '--to', 'HEAD', '-f', 'json'], { cwd: outside });
    expect(linked.stderr).toBe('');
    expect(linked.code).toBe(1);
    expect(JSON.parse(linked.stdout)).toMatchObject({ old: 'link/roles/kam.yaml@HEAD~1', clauses: [{ kind: 'reworded', id: 'account-plans' }] });
  });

  it('exits 2 for a revision that does not exist', () => {
    const run = jdgen(['diff', 'roles/kam.yaml', '--from', 'no-such-rev'], { cwd: repo });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('roles/kam.yaml: error: unknown revision `no-such-rev`');
    expect(run.stdout).toBe('');
  });

  it('exits 2 for a role file that the revision does not have', () => {
    write(repo, { 'roles/new-role.yaml': role(1, '2026-12-01') });
    const run = jdgen(['diff', 'roles/new-role.yaml', '--from', 'HEAD'], { cwd: repo });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error');
  });

  it('exits 2 outside a git repository', () => {
    const dir = realpathSync(tempDir('jdgen-diff-nogit-'));
    write(dir, { 'role.yaml': readFileSync(KAM, 'utf8') });
    const run = jdgen(['diff', 'role.yaml', '--from', 'HEAD'], { cwd: dir, env: { GIT_CEILING_DIRECTORIES: realpathSync(tmpdir()) } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('role.yaml: error: not inside a git repository');
  });
});

const unescapeXml = (text: string): string =>
  text.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);

interface Revision {
  element: 'ins' | 'del';
  author: string;
  date: string;
  text: string;
}

/** Every w:ins and w:del of a document.xml with its attribution and text (paragraph marks have none). */
function revisions(xml: string): Revision[] {
  const out: Revision[] = [];
  for (const m of xml.matchAll(/<w:(ins|del)\b([^>]*?)(?:\/>|>([\s\S]*?)<\/w:\1>)/g)) {
    const attr = (name: string) => new RegExp(`w:${name}="([^"]*)"`).exec(m[2]!)?.[1] ?? '';
    const text = [...(m[3] ?? '').matchAll(/<w:(?:t|delText)\b[^>]*>([^<]*)<\/w:(?:t|delText)>/g)].map((t) => unescapeXml(t[1]!)).join('');
    out.push({ element: m[1] as 'ins' | 'del', author: attr('author'), date: attr('date'), text });
  }
  return out;
}

describe('jdgen diff: DOCX redline', () => {
  let dir: string;
  let xml: string;

  beforeAll(() => {
    dir = realpathSync(tempDir('jdgen-diff-docx-'));
    write(dir, { 'old.yaml': readFileSync(KAM, 'utf8'), 'new.yaml': edited() });
    const run = jdgen(['diff', 'old.yaml', 'new.yaml', '--format', 'docx', '-o', 'review.docx', '--author', 'A. Reviewer'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('review.docx');
    xml = strFromU8(unzipSync(new Uint8Array(readFileSync(join(dir, 'review.docx'))))['word/document.xml']!);
  });

  it('marks changed words, inserted, deleted and moved clauses as tracked changes by the author, dated as the new document', () => {
    const all = revisions(xml);
    expect(all.length).toBeGreaterThan(0);
    for (const r of all) {
      expect(r.author).toBe('A. Reviewer');
      expect(r.date).toMatch(/^2026-12-01T/);
    }
    const texts = (element: 'ins' | 'del') => all.filter((r) => r.element === element).map((r) => r.text);
    expect(texts('del')).toContain('an annual');
    expect(texts('ins')).toContain('a yearly');
    expect(texts('ins').join('\n')).toContain(NEW_DUTY);
    expect(texts('del').join('\n')).toContain("Takes part in exhibitions, conferences and presentations of the company's products.");
    // The moved clause: deleted where it stood, inserted where it stands.
    const crm = 'Keeps complete and up-to-date records of contacts, negotiations, orders and agreements in the CRM system.';
    expect(texts('del').join('\n')).toContain(crm);
    expect(texts('ins').join('\n')).toContain(crm);
    // Deleted text is w:delText, never plain w:t inside w:del.
    for (const m of xml.matchAll(/<w:del\b[^>]*>([\s\S]*?)<\/w:del>/g)) expect(m[1]).not.toMatch(/<w:t[ >]/);
  });

  it('opens in LibreOffice', () => {
    const out = tempDir('jdgen-diff-soffice-');
    const profile = `file://${tempDir('jdgen-diff-profile-')}`;
    execFileSync('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', out, join(dir, 'review.docx')], {
      stdio: 'pipe',
      timeout: 120_000,
    });
    expect(existsSync(join(out, 'review.pdf'))).toBe(true);
    const text = execFileSync('pdftotext', ['-layout', join(out, 'review.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('JOB DESCRIPTION');
    expect(text).toContain('a yearly');
    expect(text).toContain(NEW_DUTY);
  }, 180_000);
});
