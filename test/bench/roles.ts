/**
 * A deterministic generator of realistic role files for the benchmark.
 *
 * Every role is derived from one of the bundled examples (examples/<locale>/*.yaml),
 * so its text is real job-description wording in that language: titles,
 * numbers, dates, revisions, signatories, clause subsets and orders,
 * qualification groups, nested items and extra sections are varied with a
 * seeded PRNG. The same seed always gives byte-identical files.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

export const LOCALES = ['en', 'ru', 'uk', 'ro', 'lv', 'sq', 'az'] as const;
export type Locale = (typeof LOCALES)[number];

type Clause = string | { text: string; id?: string; items?: Clause[] };
interface Section {
  title: string;
  id?: string;
  clauses: Clause[];
}
type Qualifications = Clause[] | Record<string, Clause | Clause[]>;
interface Signatory {
  position: string;
  name: string;
}
interface RoleData {
  jdgen: 1;
  locale: string;
  organization: { name: string; city?: string };
  document: { number: string | number; date: string; version?: number; status?: string };
  position: { title: string; department?: string; category?: string; code?: string | number; reports_to?: string };
  approval: Signatory;
  agreed_by?: Signatory[];
  general_provisions: Clause[];
  qualifications?: Qualifications;
  duties: Clause[];
  rights: Clause[];
  responsibility: Clause[];
  relationships?: Clause[];
  sections?: Section[];
  familiarization?: { rows?: number; employees?: Array<{ name: string; position?: string }> };
}

export type Size = 'short' | 'medium' | 'long';

export interface GeneratedRole {
  /** Path relative to the generation folder: `roles/<locale>/role-0001.yaml`. */
  path: string;
  locale: Locale;
  size: Size;
  /** Top-level clauses plus nested items: a rough measure of length. */
  clauses: number;
}

/** Job-title variations that read naturally in each language. */
const TITLE_VARIANTS: Record<Locale, { prefixes?: string[]; suffixes?: string[]; lower?: boolean }> = {
  en: { prefixes: ['Senior ', 'Lead ', 'Junior ', 'Regional ', 'Chief '] },
  ru: { lower: true, prefixes: ['Старший ', 'Ведущий ', 'Младший ', 'Региональный ', 'Главный '] },
  uk: { lower: true, prefixes: ['Старший ', 'Провідний ', 'Молодший ', 'Регіональний ', 'Головний '] },
  ro: { suffixes: [' senior', ' principal', ' junior', ' regional', ' coordonator'] },
  lv: { lower: true, prefixes: ['Vecākais ', 'Galvenais ', 'Jaunākais ', 'Reģionālais ', 'Vadošais '] },
  sq: { suffixes: [' i lartë', ' kryesor', ' i ri', ' rajonal', ' koordinues'] },
  az: { lower: true, prefixes: ['Baş ', 'Aparıcı ', 'Kiçik ', 'Regional ', 'Böyük '] },
};

/** Titles of the extra sections that long roles carry, per language. */
const EXTRA_SECTIONS: Record<Locale, string[]> = {
  en: ['Working conditions', 'Occupational safety', 'Handling of documents and information', 'Final provisions'],
  ru: ['Условия работы', 'Охрана труда', 'Работа с документами и информацией', 'Заключительные положения'],
  uk: ['Умови праці', 'Охорона праці', 'Робота з документами та інформацією', 'Прикінцеві положення'],
  ro: ['Condiții de muncă', 'Securitatea și sănătatea în muncă', 'Gestionarea documentelor și a informațiilor', 'Dispoziții finale'],
  lv: ['Darba apstākļi', 'Darba aizsardzība', 'Darbs ar dokumentiem un informāciju', 'Noslēguma noteikumi'],
  sq: ['Kushtet e punës', 'Siguria dhe shëndeti në punë', 'Trajtimi i dokumenteve dhe informacionit', 'Dispozita përfundimtare'],
  az: ['İş şəraiti', 'Əməyin mühafizəsi', 'Sənədlər və məlumatlarla iş', 'Yekun müddəalar'],
};

const CLAUSE_LISTS = ['general_provisions', 'duties', 'rights', 'responsibility', 'relationships'] as const;
const STATUSES = ['draft', 'agreed', 'approved'] as const;

/** mulberry32: small, fast and good enough to vary test data reproducibly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Dice {
  constructor(private readonly next: () => number) {}
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }
  /** A subset of about `keep` of the items (at least `min`), in their original order. */
  subset<T>(list: readonly T[], keep: number, min = 1): T[] {
    const chosen = list.filter(() => this.chance(keep));
    if (chosen.length >= Math.min(min, list.length)) return chosen;
    return list.slice(0, Math.min(min, list.length));
  }
  /** Reorders a list a little: a few swaps of neighbours, as editors do. */
  shuffleSome<T>(list: readonly T[], swaps: number): T[] {
    const out = [...list];
    for (let s = 0; s < swaps && out.length > 1; s++) {
      const i = this.int(0, out.length - 2);
      [out[i], out[i + 1]] = [out[i + 1]!, out[i]!];
    }
    return out;
  }
  sample<T>(list: readonly T[], count: number): T[] {
    const pool = [...list];
    const out: T[] = [];
    while (out.length < count && pool.length > 0) out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]!);
    return out;
  }
}

interface Example {
  file: string;
  locale: Locale;
  data: RoleData;
  /** Every clause text of the example without ids, for extra sections. */
  pool: { clauses: Clause[]; items: Clause[] };
}

/** Loads examples/<locale>/*.yaml for every benchmark locale. */
export function loadExamples(examplesDir: string): Map<Locale, Example[]> {
  const byLocale = new Map<Locale, Example[]>();
  for (const locale of LOCALES) {
    const folder = join(examplesDir, locale);
    const files = readdirSync(folder)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort();
    if (files.length === 0) throw new Error(`no example role in ${folder}`);
    byLocale.set(
      locale,
      files.map((f) => {
        const data = parse(readFileSync(join(folder, f), 'utf8')) as RoleData;
        return { file: join(folder, f), locale, data, pool: clausePool(data) };
      }),
    );
  }
  return byLocale;
}

function clausePool(role: RoleData): { clauses: Clause[]; items: Clause[] } {
  const clauses: Clause[] = [];
  const items: Clause[] = [];
  const add = (list: Clause[] | undefined) => {
    for (const c of list ?? []) {
      if (typeof c === 'string') clauses.push(c);
      else {
        clauses.push(withoutId(c));
        for (const item of c.items ?? []) items.push(withoutId(item));
      }
    }
  };
  for (const key of CLAUSE_LISTS) add(role[key]);
  for (const section of role.sections ?? []) add(section.clauses);
  return { clauses, items };
}

function withoutId(clause: Clause): Clause {
  if (typeof clause === 'string') return clause;
  return clause.items ? { text: clause.text, items: clause.items.map(withoutId) } : clause.text;
}

function lowerFirst(text: string, locale: Locale): string {
  return text.charAt(0).toLocaleLowerCase(locale) + text.slice(1);
}

function isoDate(dice: Dice): string {
  const year = dice.int(2024, 2027);
  const month = dice.int(1, 12);
  const day = dice.int(1, 28);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The letters of the example's number (`JD-014` → `JD-`), numbered per role. */
function documentNumber(base: string | number, n: number): string {
  const prefix = /^\D*/.exec(String(base))![0];
  return `${prefix || 'JD-'}${String(n).padStart(4, '0')}`;
}

/** A clause with a subset of its nested items, sometimes reordered. */
function varyClause(dice: Dice, clause: Clause, keep: number): Clause {
  if (typeof clause === 'string' || !clause.items) return clause;
  const items = dice.shuffleSome(dice.subset(clause.items, Math.max(keep, 0.6), 2), dice.int(0, 2));
  return { ...clause, items };
}

function varyList(dice: Dice, list: Clause[] | undefined, keep: number, min: number): Clause[] {
  const kept = dice.subset(list ?? [], keep, min).map((c) => varyClause(dice, c, keep));
  // The first clause of a section (what the position is, who appoints) usually stays first.
  const [first, ...rest] = kept;
  return first === undefined ? [] : [first, ...dice.shuffleSome(rest, dice.int(0, 3))];
}

function varyQualifications(dice: Dice, q: Qualifications | undefined, keep: number): Qualifications | undefined {
  if (!q) return undefined;
  if (Array.isArray(q)) return varyList(dice, q, keep, 1);
  const groups: Record<string, Clause | Clause[]> = {};
  for (const [key, value] of Object.entries(q)) {
    if (key !== 'education' && !dice.chance(Math.max(keep, 0.5))) continue;
    groups[key] = Array.isArray(value) ? dice.shuffleSome(dice.subset(value, Math.max(keep, 0.5), 1), dice.int(0, 2)) : value;
  }
  // Some organisations write requirements as one plain list rather than groups.
  if (dice.chance(0.15)) return Object.values(groups).flatMap((v) => (Array.isArray(v) ? v : [v]));
  return groups;
}

/** Extra sections for long roles: the example's own, and more built from its clause texts. */
function extraSections(dice: Dice, example: Example, size: Size): Section[] {
  const sections: Section[] = [];
  for (const section of example.data.sections ?? []) {
    if (size === 'short' && dice.chance(0.6)) continue;
    sections.push({ ...section, clauses: varyList(dice, section.clauses, 0.8, 1) });
  }
  if (size !== 'long') return sections;
  const titles = dice.sample(EXTRA_SECTIONS[example.locale], dice.int(1, 3));
  for (const [i, title] of titles.entries()) {
    const clauses = dice.sample(example.pool.clauses, dice.int(3, 8)).map((c) => {
      // Now and then a clause gains a list of sub-clauses.
      if (typeof c === 'string' && example.pool.items.length > 1 && dice.chance(0.25)) {
        return { text: c.replace(/[.;]$/, ':'), items: dice.sample(example.pool.items, dice.int(2, 5)) };
      }
      return c;
    });
    sections.push({ title, id: `extra-${i + 1}`, clauses });
  }
  return sections;
}

/** Role number `n` (1-based) of the set, derived from an example of its locale. */
export function generateRole(byLocale: Map<Locale, Example[]>, n: number, seed: number): { data: RoleData; locale: Locale; size: Size } {
  const dice = new Dice(prng((seed * 1_000_003 + n * 7919) >>> 0));
  const locale = LOCALES[(n - 1) % LOCALES.length]!;
  const example = dice.pick(byLocale.get(locale)!);
  const base = example.data;
  const roll = dice.int(1, 100);
  const size: Size = roll <= 30 ? 'short' : roll <= 75 ? 'medium' : 'long';
  const keep = size === 'short' ? 0.5 : size === 'medium' ? 0.85 : 1;

  const variants = TITLE_VARIANTS[locale];
  let title = base.position.title;
  if (dice.chance(0.6)) {
    title = variants.prefixes
      ? `${dice.pick(variants.prefixes)}${variants.lower ? lowerFirst(title, locale) : title}`
      : `${title}${dice.pick(variants.suffixes!)}`;
  }
  const signatories = base.agreed_by ?? [];
  const people = [base.approval.name, ...signatories.map((s) => s.name), ...(base.familiarization?.employees ?? []).map((e) => e.name)];
  const role: RoleData = {
    jdgen: 1,
    locale,
    organization: { ...base.organization },
    document: {
      number: documentNumber(base.document.number, n),
      date: isoDate(dice),
      version: dice.int(1, 5),
      status: dice.pick(STATUSES),
    },
    position: { ...base.position, title },
    approval: { ...base.approval },
    agreed_by: dice.subset(signatories, size === 'short' ? 0.5 : 0.9, 1),
    general_provisions: varyList(dice, base.general_provisions, keep, 2),
    ...(base.qualifications ? { qualifications: varyQualifications(dice, base.qualifications, keep)! } : {}),
    duties: varyList(dice, base.duties, keep, 3),
    rights: varyList(dice, base.rights, keep, 2),
    responsibility: varyList(dice, base.responsibility, keep, 2),
  };
  if (base.relationships && (size !== 'short' || dice.chance(0.5))) role.relationships = varyList(dice, base.relationships, keep, 1);
  const sections = extraSections(dice, example, size);
  if (sections.length > 0) role.sections = sections;
  const employees = dice.sample(people, dice.int(0, size === 'long' ? 4 : 2)).map((name) => ({ name }));
  role.familiarization = { rows: dice.int(0, 8), ...(employees.length ? { employees } : {}) };
  return { data: role, locale, size };
}

function countClauses(list: Clause[] | undefined): number {
  return (list ?? []).reduce((sum, c) => sum + 1 + (typeof c === 'string' ? 0 : countClauses(c.items)), 0);
}

/**
 * Writes `count` roles to `<dir>/roles/<locale>/role-NNNN.yaml` and returns
 * what was written. Deterministic for a given seed.
 */
export function generateRoles(dir: string, count: number, seed: number, examplesDir: string): GeneratedRole[] {
  const byLocale = loadExamples(examplesDir);
  const written: GeneratedRole[] = [];
  for (let n = 1; n <= count; n++) {
    const { data, locale, size } = generateRole(byLocale, n, seed);
    const path = join('roles', locale, `role-${String(n).padStart(4, '0')}.yaml`);
    mkdirSync(join(dir, 'roles', locale), { recursive: true });
    const header = `# Generated for the jdgen benchmark (seed ${seed}, role ${n}, ${size}) from an example in ${locale}.\n`;
    writeFileSync(join(dir, path), header + stringify(data, { lineWidth: 100 }));
    const q = data.qualifications;
    const qualifications = Array.isArray(q) ? countClauses(q) : Object.values(q ?? {}).reduce<number>((s, v) => s + (Array.isArray(v) ? v.length : 1), 0);
    const clauses =
      CLAUSE_LISTS.reduce((s, k) => s + countClauses(data[k]), 0) + qualifications + (data.sections ?? []).reduce((s, sec) => s + countClauses(sec.clauses), 0);
    written.push({ path, locale, size, clauses });
  }
  return written;
}
