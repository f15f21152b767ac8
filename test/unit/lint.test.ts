import { describe, expect, it } from 'vitest';
import { describeLintCases, lintCodes, lintRole, type Data, type LintCase } from '../helpers/lint-cases.js';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lint, validate, type LintReport } from '../../src/api.js';
import { RULE_IDS } from '../../src/lint/rules.js';
import { toSarif } from '../../src/lint/sarif.js';
import { ROOT } from '../helpers/cli.js';

type Locale = 'en' | 'ru' | 'uk' | 'ro';

/** A role each rule has nothing to say about, per language: the cases change one section. */
const CLEAN: Record<Locale, Data> = {
  en: {
    general_provisions: [
      'The Manager is appointed to and dismissed from the position by order of the Director.',
      'The Manager reports to the Head of Sales.',
      'During the Manager’s absence the duties are performed by an employee appointed by the Director.',
    ],
    qualifications: { education: 'Higher education.', knowledge: ['Sales techniques.'] },
    duties: ['Prepares commercial offers for clients.'],
    rights: ['To make proposals on improving the work.'],
    responsibility: ['The Manager is liable for improper performance of duties within the limits of labour law.'],
  },
  ru: {
    general_provisions: [
      'Менеджер назначается на должность и освобождается от должности приказом директора.',
      'Менеджер подчиняется начальнику отдела продаж.',
      'На время отсутствия Менеджера его обязанности исполняет работник, назначенный директором.',
    ],
    qualifications: { education: 'Высшее образование.', knowledge: ['Техника продаж.'] },
    duties: ['Готовит коммерческие предложения для клиентов.'],
    rights: ['Вносить предложения по совершенствованию работы.'],
    responsibility: ['Менеджер несёт ответственность за ненадлежащее исполнение обязанностей в пределах трудового законодательства.'],
  },
  uk: {
    general_provisions: [
      'Менеджер призначається на посаду та звільняється з посади наказом директора.',
      'Менеджер підпорядковується начальнику відділу збуту.',
      'На час відсутності Менеджера його обов’язки виконує працівник, призначений директором.',
    ],
    qualifications: { education: 'Вища освіта.', knowledge: ['Техніка продажів.'] },
    duties: ['Готує комерційні пропозиції для клієнтів.'],
    rights: ['Вносити пропозиції щодо вдосконалення роботи.'],
    responsibility: ['Менеджер несе відповідальність за неналежне виконання обов’язків у межах трудового законодавства.'],
  },
  ro: {
    general_provisions: [
      'Managerul este numit în funcție și eliberat din funcție prin decizia directorului.',
      'Managerul se subordonează șefului departamentului de vânzări.',
      'În perioada absenței Managerului, atribuțiile sale sunt îndeplinite de un salariat desemnat de director.',
    ],
    qualifications: { education: 'Studii superioare.', knowledge: ['Tehnici de vânzare.'] },
    duties: ['Pregătește oferte comerciale pentru clienți.'],
    rights: ['Să facă propuneri pentru îmbunătățirea activității.'],
    responsibility: ['Managerul răspunde pentru îndeplinirea necorespunzătoare a atribuțiilor, în condițiile Codului muncii.'],
  },
};

const role = (locale: Locale, change: Data = {}): Data => lintRole(CLEAN[locale], locale, change);

const base = (locale: Locale, key: string) => CLEAN[locale][key] as unknown[];

const codes = lintCodes;

const LOCALES: Locale[] = ['en', 'ru', 'uk', 'ro'];

it('every clean role is clean in every language', async () => {
  for (const locale of LOCALES) expect(await codes(role(locale)), locale).toEqual([]);
});

type Case = LintCase;

/** The same case built for each language. */
const perLocale = (make: (locale: Locale) => Case): Record<Locale, Case> => ({ en: make('en'), ru: make('ru'), uk: make('uk'), ro: make('ro') });

const CASES: Record<string, Record<Locale, Case>> = {
  'duty-without-right': {
    en: {
      positive: { duties: ['Signs supply contracts with clients.'] },
      negatives: [
        { duties: ['Signs supply contracts with clients.'], rights: ['To sign documents within their authority.'] },
        { duties: ['Prepares draft contracts for signature by the Director.'] },
      ],
    },
    ru: {
      positive: { duties: ['Подписывает договоры поставки с клиентами.'] },
      negatives: [
        { duties: ['Подписывает договоры поставки с клиентами.'], rights: ['Подписывать документы в пределах своей компетенции.'] },
        { duties: ['Готовит проекты договоров и передаёт их на подпись директору.'] },
      ],
    },
    uk: {
      positive: { duties: ['Підписує договори поставки з клієнтами.'] },
      negatives: [
        { duties: ['Підписує договори поставки з клієнтами.'], rights: ['Підписувати документи в межах своєї компетенції.'] },
        { duties: ['Готує проєкти договорів і передає їх на підпис директору.'] },
      ],
    },
    ro: {
      positive: { duties: ['Semnează contractele de vânzare cu clienții.'] },
      negatives: [
        { duties: ['Semnează contractele de vânzare cu clienții.'], rights: ['Să semneze documente în limitele competenței sale.'] },
        { duties: ['Pregătește proiectele de contracte și le transmite directorului spre semnare.'] },
      ],
    },
  },
  'liability-beyond-law': {
    en: {
      positive: { responsibility: ['The Manager is liable for failing to meet the monthly sales plan.'] },
      negatives: [{ responsibility: ['The Manager bears full material liability under a separate written agreement on full liability.'] }],
    },
    ru: {
      positive: { responsibility: ['За невыполнение плана продаж к Менеджеру применяется штраф.'] },
      negatives: [{ responsibility: ['Менеджер несёт полную материальную ответственность на основании договора о полной материальной ответственности.'] }],
    },
    uk: {
      positive: { responsibility: ['Менеджер несе повну матеріальну відповідальність за довірений товар.'] },
      negatives: [{ responsibility: ['Менеджер несе повну матеріальну відповідальність на підставі договору про повну матеріальну відповідальність.'] }],
    },
    ro: {
      positive: { responsibility: ['Pentru nerealizarea planului de vânzări, Managerului i se aplică o amendă.'] },
      negatives: [{ responsibility: ['Managerul poartă răspundere materială integrală în baza contractului de răspundere materială.'] }],
    },
  },
  'general-provisions-incomplete': {
    en: {
      positive: { general_provisions: ['The Manager belongs to the category of specialists.'] },
      negatives: [
        { general_provisions: base('en', 'general_provisions').filter((_, i) => i !== 1), position: { title: 'Manager', reports_to: 'Head of Sales' } },
      ],
    },
    ru: {
      positive: { general_provisions: ['Менеджер относится к категории специалистов.'] },
      negatives: [{ general_provisions: base('ru', 'general_provisions').filter((_, i) => i !== 1), position: { title: 'Менеджер', reports_to: 'Директор' } }],
    },
    uk: {
      positive: { general_provisions: ['Менеджер належить до категорії фахівців.'] },
      negatives: [{ general_provisions: base('uk', 'general_provisions').filter((_, i) => i !== 1), position: { title: 'Менеджер', reports_to: 'Директор' } }],
    },
    ro: {
      positive: { general_provisions: ['Managerul face parte din categoria specialiștilor.'] },
      negatives: [{ general_provisions: base('ro', 'general_provisions').filter((_, i) => i !== 1), position: { title: 'Manager', reports_to: 'Director' } }],
    },
  },
  'discriminatory-requirement': {
    en: {
      positive: { qualifications: { education: 'Higher education.', experience: 'Men aged 25 to 40 with two years in sales.' } },
      negatives: [
        { qualifications: { education: 'Higher education.', experience: 'At least 2 years in sales, 3-5 years preferred.' } },
        { general_provisions: [...base('en', 'general_provisions'), 'The Manager serves clients regardless of their sex, age or nationality.'] },
      ],
    },
    ru: {
      positive: { qualifications: { education: 'Высшее образование.', experience: 'Мужчина в возрасте от 25 до 40 лет.' } },
      negatives: [
        { qualifications: { education: 'Высшее образование.', experience: 'Стаж работы в продажах от 3 до 5 лет.' } },
        { general_provisions: [...base('ru', 'general_provisions'), 'Менеджер обслуживает клиентов независимо от пола, возраста и гражданства.'] },
      ],
    },
    uk: {
      positive: { qualifications: { education: 'Вища освіта.', experience: 'Громадянство України, стаж від 2 років.' } },
      negatives: [
        { qualifications: { education: 'Вища освіта.', experience: 'Досвід роботи у продажах від 3 до 5 років.' } },
        { general_provisions: [...base('uk', 'general_provisions'), 'Менеджер обслуговує клієнтів незалежно від статі, віку та громадянства.'] },
      ],
    },
    ro: {
      positive: { qualifications: { education: 'Studii superioare.', experience: 'Bărbat, cu vârsta între 25 și 40 de ani.' } },
      negatives: [
        { qualifications: { education: 'Studii superioare.', experience: 'Experiență în vânzări de 3-5 ani.' } },
        { general_provisions: [...base('ro', 'general_provisions'), 'Managerul tratează clienții fără deosebire de sex, vârstă sau cetățenie.'] },
      ],
    },
  },
  'skills-match-duties': {
    en: {
      positive: { duties: ['Negotiates with foreign clients and partners.'] },
      negatives: [
        { duties: ['Negotiates with foreign clients and partners.'], qualifications: { education: 'Higher education.', knowledge: ['English at B2 level.'] } },
      ],
    },
    ru: {
      positive: { duties: ['Ведёт учёт сделок в CRM-системе.'] },
      negatives: [{ duties: ['Ведёт учёт сделок в CRM-системе.'], qualifications: { education: 'Высшее образование.', knowledge: ['Работа в CRM-системе.'] } }],
    },
    uk: {
      positive: { duties: ['Веде переговори з іноземними клієнтами.'] },
      negatives: [
        { duties: ['Веде переговори з іноземними клієнтами.'], qualifications: { education: 'Вища освіта.', knowledge: ['Англійська мова на рівні B2.'] } },
      ],
    },
    ro: {
      positive: { duties: ['Negociază cu clienții străini.'] },
      negatives: [
        { duties: ['Negociază cu clienții străini.'], qualifications: { education: 'Studii superioare.', knowledge: ['Limba engleză la nivel B2.'] } },
      ],
    },
  },
  'placeholder-left': {
    en: { positive: { duties: ['Prepares reports for [insert department].'] }, negatives: [{ duties: ['Prepares reports (monthly, quarterly and so on).'] }] },
    ru: { positive: { duties: ['Готовит отчёты в срок [указать срок].'] }, negatives: [{ duties: ['Готовит отчёты (ежемесячные, квартальные и т. д.).'] }] },
    uk: { positive: { duties: ['Готує звіти у строк [вказати строк].'] }, negatives: [{ duties: ['Готує звіти (щомісячні, квартальні тощо).'] }] },
    ro: {
      positive: { duties: ['Pregătește rapoarte până la [completați termenul].'] },
      negatives: [{ duties: ['Pregătește rapoarte (lunare, trimestriale etc.).'] }],
    },
  },
  'empty-or-duplicate': perLocale((l) => ({
    positive: { duties: [...base(l, 'duties'), `${String(base(l, 'duties')[0]).slice(0, -1)}`] },
    negatives: [{ duties: [...base(l, 'duties'), String(base(l, 'duties')[0]).replace(/\.$/, ' 2.')] }],
  })),
  'approver-is-signatory': perLocale(() => ({
    positive: { agreed_by: [{ position: 'Head of Legal', name: 'A.Director' }] },
    negatives: [{ agreed_by: [{ position: 'Head of Legal', name: 'A. Directorova' }] }],
  })),
  'long-clause': perLocale((l) => ({
    positive: { duties: [Array.from({ length: 81 }, () => String(base(l, 'duties')[0]).split(' ')[0]).join(' ')] },
    negatives: [{ duties: [Array.from({ length: 80 }, () => String(base(l, 'duties')[0]).split(' ')[0]).join(' ')] }],
  })),
};

describeLintCases(CASES, LOCALES, role);

describe('locale expectations', () => {
  it('no-agreement: ru, uk, ro expect AGREED signatures, en does not', async () => {
    for (const locale of ['ru', 'uk', 'ro'] as const) expect(await codes(role(locale, { agreed_by: [] }))).toEqual(['lint/no-agreement']);
    expect(await codes(role('en', { agreed_by: [] }))).toEqual([]);
  });
  it('no-familiarisation: a sheet of no rows and no employees', async () => {
    for (const locale of ['ru', 'uk', 'ro'] as const) expect(await codes(role(locale, { familiarization: { rows: 0 } }))).toEqual(['lint/no-familiarisation']);
    expect(await codes(role('ru', { familiarization: { rows: 0, employees: [{ name: 'P. Petrov' }] } }))).toEqual([]);
    expect(await codes(role('en', { familiarization: { rows: 0 } }))).toEqual([]);
  });
  it('no-familiarisation follows the locale file’s familiarization_sheet, the setting validation reads too', async () => {
    const templatesDir = mkdtempSync(join(tmpdir(), 'jdgen-lint-locale-'));
    try {
      mkdirSync(join(templatesDir, 'locales'));
      // An organisation that records familiarisation in a separate journal turns the expectation off for its templates.
      writeFileSync(join(templatesDir, 'locales', 'ro.yaml'), 'familiarization_sheet: optional\n');
      writeFileSync(join(templatesDir, 'locales', 'en.yaml'), 'familiarization_sheet: expected\n');
      expect(await codes(role('ro', { familiarization: { rows: 0 } }), { templatesDir })).toEqual([]);
      expect(await codes(role('en', { familiarization: { rows: 0 } }), { templatesDir })).toEqual(['lint/no-familiarisation']);
      const build = await validate({ data: role('en', { familiarization: { rows: 0 } }), name: 'role.yaml' }, { templatesDir });
      expect(build.files[0]!.diagnostics.map((d) => d.code)).toContain('wording/no-familiarization-sheet');
    } finally {
      rmSync(templatesDir, { recursive: true, force: true });
    }
  });
});

describe('levels, settings and suppressions', () => {
  const configRole = (config: string, roleYaml: string) => ({ 'jdgen.config.yaml': `jdgen: 1\n${config}`, 'role.yaml': roleYaml });
  const ROLE_YAML = `jdgen: 1
locale: en
organization: { name: X }
document: { number: "1", date: 2026-01-15 }
position: { title: Manager, reports_to: Head }
approval: { position: Director, name: A. Director }
general_provisions:
  - The Manager is appointed to and dismissed from the position by order of the Director.
  - During the Manager's absence the duties are performed by an employee appointed by the Director.
duties:
  # jdgen-lint-disable-next-line duty-without-right -- the Director's power of attorney is attached to the contract
  - Signs supply contracts with clients.
  - Represents the company at trade fairs.  # jdgen-lint-disable-line duty-without-right
rights: [To make proposals.]
responsibility:
  - A fine is imposed for each late report.
`;
  it('the config sets levels; a directive with a reason silences one finding; one without a reason is reported and silences nothing', async () => {
    const files = configRole('lint: { rules: { liability-beyond-law: warn } }\n', ROLE_YAML);
    const report = await lint('role.yaml', { files });
    const [file] = report.files;
    const byCode = (code: string) => file!.diagnostics.filter((d) => d.code === code);
    expect(byCode('lint/liability-beyond-law').map((d) => [d.severity, d.line])).toEqual([['warning', 16]]);
    expect(report.ok).toBe(true);
    expect(file!.suppressed.map((s) => [s.diagnostic.line, s.reason])).toEqual([[12, "the Director's power of attorney is attached to the contract"]]);
    expect(byCode('lint/directive').map((d) => [d.line, d.message])).toEqual([[13, 'the directive gives no reason: it silences nothing']]);
    expect(byCode('lint/duty-without-right').map((d) => d.line)).toEqual([13]);
  });
  it('the default level of liability-beyond-law is error: the report is not ok', async () => {
    const report = await lint({ yaml: ROLE_YAML, name: 'role.yaml' });
    expect(report.ok).toBe(false);
    expect(report.files[0]!.diagnostics.find((d) => d.code === 'lint/liability-beyond-law')?.severity).toBe('error');
  });
  it('off turns a rule off; options.rules win over the config; max_clause_words sets long-clause', async () => {
    const long = ROLE_YAML.replace('rights: [To make proposals.]', `rights: [${'word '.repeat(30)}]`);
    const files = configRole('lint: { rules: { liability-beyond-law: off }, max_clause_words: 20 }\n', long);
    const found = (await lint('role.yaml', { files })).files[0]!.diagnostics.map((d) => d.code);
    expect(found).toContain('lint/long-clause');
    expect(found).not.toContain('lint/liability-beyond-law');
    const overridden = (await lint('role.yaml', { files, rules: { 'long-clause': 'off', 'liability-beyond-law': 'error' } })).files[0]!.diagnostics.map(
      (d) => d.code,
    );
    expect(overridden).not.toContain('lint/long-clause');
    expect(overridden).toContain('lint/liability-beyond-law');
  });
  it('an unknown rule in a directive is reported with a guess', async () => {
    const yaml = ROLE_YAML.replace('duty-without-right -- the', 'duty-without-rights -- the');
    const directive = (await lint({ yaml, name: 'role.yaml' })).files[0]!.diagnostics.find((d) => d.code === 'lint/directive');
    expect(directive?.hint).toBe('did you mean `duty-without-right`?');
  });
  it('a finding in a clause library is placed in the library, and its directive there holds for every role', async () => {
    const files = {
      'clauses/common.yaml': `jdgen: 1\nclauses:\n  fine:\n    text: A fine is imposed for each late report.\n`,
      'role.yaml': ROLE_YAML.replace('  - A fine is imposed for each late report.', '  - use: clauses/common.yaml#fine'),
    };
    const [d] = (await lint('role.yaml', { files })).files[0]!.diagnostics.filter((x) => x.code === 'lint/liability-beyond-law');
    expect([d?.file, d?.line, d?.column]).toEqual(['clauses/common.yaml', 4, 5]);
    const silenced = {
      ...files,
      'clauses/common.yaml': files['clauses/common.yaml'].replace('  fine:\n', '  # jdgen-lint-disable-next-line liability-beyond-law -- test\n  fine:\n'),
    };
    const after = (await lint('role.yaml', { files: silenced })).files[0]!;
    expect(after.diagnostics.map((x) => x.code)).not.toContain('lint/liability-beyond-law');
    expect(after.suppressed.map((x) => [x.diagnostic.file, x.reason])).toContainEqual(['clauses/common.yaml', 'test']);
  });
});

describe('organisation-wide', () => {
  const shared = 'The Manager keeps the trade secrets of the company and its clients.';
  // Each role's own wording but for the shared clause.
  const own = (i: number, key: string) => base('en', key).map((c) => `${String(c)} (${i})`);
  const roles = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      data: role('en', {
        general_provisions: own(i, 'general_provisions'),
        duties: [...own(i, 'duties'), shared],
        rights: own(i, 'rights'),
        responsibility: own(i, 'responsibility'),
      }),
      name: `r${i}.yaml`,
    }));
  it('the same clause written out in three roles is a library candidate, named in each; in two it is not', async () => {
    const three = await lint(roles(3));
    for (const file of three.files)
      expect(file.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/written out in 3 roles \(also r\d\.yaml:\d+, r\d\.yaml:\d+\)/)]);
    const two = await lint(roles(2));
    expect(two.files.flatMap((f) => f.diagnostics)).toEqual([]);
  });
});

describe('reports', () => {
  it('a role that does not validate fails with its errors', async () => {
    const report: LintReport = await lint({ yaml: 'jdgen: 1\n', name: 'bad.yaml' });
    expect(report.ok).toBe(false);
    expect(report.files[0]!.status).toBe('failed');
  });
  it('SARIF 2.1.0: rules with default levels, results with locations, suppressions in source', async () => {
    const report = await lint({ data: role('ru', { duties: ['Подписывает договоры поставки с клиентами.'] }), name: 'role.yaml' });
    const log = toSarif(report.files, report.rules, { version: '0.0.0', cwd: '/x' }) as {
      version: string;
      runs: Array<{ tool: { driver: { rules: Array<{ id: string; defaultConfiguration: { level: string } }> } }; results: Array<Record<string, unknown>> }>;
    };
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0]!;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(RULE_IDS);
    expect(run.results).toEqual([
      expect.objectContaining({
        ruleId: 'duty-without-right',
        ruleIndex: 0,
        level: 'warning',
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'role.yaml', uriBaseId: '%SRCROOT%' },
              region: { startLine: expect.any(Number), startColumn: expect.any(Number) },
            },
          },
        ],
      }),
    ]);
  });
  it('the config schema lists exactly the rules', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/config.schema.json'), 'utf8')) as {
      properties: { lint: { properties: { rules: { properties: object } } } };
    };
    expect(Object.keys(schema.properties.lint.properties.rules.properties)).toEqual(RULE_IDS);
  });
  it('every bundled locale has a vocabulary', async () => {
    for (const locale of ['en', 'ru', 'uk', 'ro', 'lv', 'sq', 'az']) {
      const report = await lint({ data: { ...role('en'), locale }, name: 'role.yaml' });
      expect(report.files[0]!.diagnostics.map((d) => d.code)).not.toContain('lint/no-vocabulary');
    }
  });
});
