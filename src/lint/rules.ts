import type { DataPath } from '../load/source.js';
import { UNFINISHED } from '../validate/rules.js';
import type { Role } from '../validate/role.js';
import type { LintClause, SectionKey } from './clauses.js';
import { firstMatch, normaliseText, type Pattern, type Vocabulary } from './vocabulary.js';

/** What a rule reports: where (a path in the merged role) and what. */
export interface Finding {
  path: DataPath;
  /** Point at the key rather than its value (a whole section). */
  key?: boolean;
  message: string;
  /** Overrides the rule's hint for this finding. */
  hint?: string;
  /** Raises this finding to an error whatever the rule's level (a placeholder in an approved document). */
  error?: boolean;
}

export interface RuleInput {
  role: Role;
  clauses: readonly LintClause[];
  vocabulary: Vocabulary;
  /** The locale's `familiarization_sheet`: whether its practice expects the sheet the employee signs. */
  familiarizationSheet: 'expected' | 'optional';
  settings: LintSettings;
}

export interface LintSettings {
  /** long-clause: more words than this is too long to read at once. */
  maxClauseWords: number;
}

export const DEFAULT_MAX_CLAUSE_WORDS = 80;

export type RuleLevel = 'off' | 'warn' | 'error';

/** A rule: its id, level, what it says and why it exists. */
export interface RuleMeta {
  id: string;
  level: Exclude<RuleLevel, 'off'>;
  /** One line: what the rule checks. */
  description: string;
  /** How to fix a finding. */
  hint: string;
  /** Where the rule comes from: the domain notes (../shared/domain/job-instructions.md, from the source articles) or a labour-law principle. */
  source: string;
}

export interface Rule extends RuleMeta {
  /** One role at a time; the organisation-wide part of empty-or-duplicate runs over all roles (see organisationDuplicates). */
  check(input: RuleInput): Finding[];
}

const quote = (text: string, max = 60): string => `«${text.length > max ? `${text.slice(0, max - 1)}…` : text}»`;
const inSection = (clauses: readonly LintClause[], ...sections: SectionKey[]) => clauses.filter((c) => sections.includes(c.section));

/** Labels of the authorities and skills the vocabularies name, for messages (the ids are shared by every language). */
const AUTHORITY_LABELS: Record<string, string> = {
  contracts: 'signing or concluding contracts',
  claims: 'settling claims',
  information: 'requesting information from other departments',
  representation: 'representing the organisation',
};
const SKILL_LABELS: Record<string, string> = {
  'foreign-language': 'a foreign language',
  'driving-licence': 'a driving licence',
};

const dutyWithoutRight: Rule = {
  id: 'duty-without-right',
  level: 'warn',
  description:
    'a duty that needs an authority (signing contracts, settling claims, requesting information, representing the organisation) with no right that grants it',
  hint: 'add the matching right to the rights section, or reword the duty so it does not need the authority',
  source: 'domain notes §1.4 (uk 003: when a duty such as claims work is added, the matching right must be added too; az/ro: rights are tied to the duties)',
  check({ clauses, vocabulary }) {
    const rights = inSection(clauses, 'rights');
    const findings: Finding[] = [];
    for (const [id, { duty, right }] of vocabulary.authorities) {
      if (rights.some((r) => firstMatch(right, r.norm))) continue;
      const needing = inSection(clauses, 'duties').find((c) => firstMatch(duty, c.norm));
      if (!needing) continue;
      const label = AUTHORITY_LABELS[id] ?? id;
      findings.push({ path: needing.path, message: `the duty ${quote(needing.text)} needs the authority of ${label}, but no right grants it` });
    }
    return findings;
  },
};

const liabilityBeyondLaw: Rule = {
  id: 'liability-beyond-law',
  level: 'error',
  description: 'fines, deductions from pay, full material liability without a separate agreement, or penalties for missed plans in the responsibility section',
  hint: 'liability is limited to what the labour code allows (disciplinary measures, material liability within its limits): refer to the law instead of naming penalties',
  source:
    'domain notes §1.5 (az/ro: labour law forbids aggravating the employee’s liability; fines are not a disciplinary sanction under TK RF) and the labour-law principle that pay may be withheld only where the law allows',
  check({ clauses, vocabulary }) {
    const findings: Finding[] = [];
    const list = (id: string) => vocabulary.liability.get(id) ?? [];
    for (const clause of inSection(clauses, 'responsibility')) {
      const fine = firstMatch(list('fines'), clause.norm);
      const deduction = firstMatch(list('deductions'), clause.norm);
      const result = firstMatch(list('results'), clause.norm);
      const full = firstMatch(list('full_liability'), clause.norm);
      const contract = full && firstMatch(list('separate_contract'), clause.norm);
      if (fine)
        findings.push({ path: clause.path, message: `${quote(clause.text)} sets a fine («${fine.match}»): fines are not a measure the labour code allows` });
      else if (deduction)
        findings.push({ path: clause.path, message: `${quote(clause.text)} deducts from pay («${deduction.match}») beyond what the labour code allows` });
      else if (result)
        findings.push({
          path: clause.path,
          message: `${quote(clause.text)} makes the employee liable for a result («${result.match}») rather than for a breach of duty`,
        });
      else if (full && !contract)
        findings.push({
          path: clause.path,
          message: `${quote(clause.text)} imposes full material liability («${full.match}») without naming the separate agreement it needs`,
          hint: 'full material liability needs a separate written agreement (and a position the law lists): refer to that agreement, or limit liability to the law',
        });
    }
    return findings;
  },
};

const generalProvisionsIncomplete: Rule = {
  id: 'general-provisions-incomplete',
  level: 'warn',
  description: 'general provisions that do not say who appoints and dismisses, whom the employee reports to, or who stands in during an absence',
  hint: 'add a clause to the general provisions (see the examples in examples/)',
  source: 'domain notes §1.2 (appointment and dismissal by order of the head; subordination; substitution during absence: lv/az/uk 8-point general provisions)',
  check({ role, clauses, vocabulary }) {
    const general = inSection(clauses, 'general_provisions');
    const has = (id: string) => general.some((c) => firstMatch(vocabulary.generalProvisions.get(id) ?? [], c.norm));
    const missing: Array<[string, string]> = [];
    if (vocabulary.generalProvisions.has('appointment') && !has('appointment'))
      missing.push(['appointment', 'who appoints the employee to the position and dismisses them']);
    // The header's «reports to» line states the reporting line already.
    if (vocabulary.generalProvisions.has('reporting') && !has('reporting') && !role.position.reports_to)
      missing.push(['reporting', 'whom the employee reports to']);
    if (vocabulary.generalProvisions.has('substitute') && !has('substitute')) missing.push(['substitute', 'who performs the duties during an absence']);
    return missing.map(([, what]) => ({ path: ['general_provisions'], key: true, message: `the general provisions do not say ${what}` }));
  },
};

const discriminatoryRequirement: Rule = {
  id: 'discriminatory-requirement',
  level: 'error',
  description: 'a requirement of age, sex, appearance, marital status or citizenship',
  hint: 'require what the work needs (skills, experience, a licence); where a law itself demands citizenship or a minimum age, keep the clause and suppress the finding with that law as the reason',
  source:
    'labour-law principle of equal treatment (ILO Convention 111; TK RF art. 3 and 64; KZpP art. 2-1 (uk); Codul muncii art. 5 (ro); EU Directive 2000/78/EC)',
  check({ clauses, vocabulary }) {
    const findings: Finding[] = [];
    const fair = vocabulary.discrimination.get('not_discriminating') ?? [];
    for (const clause of inSection(clauses, 'general_provisions', 'qualifications')) {
      // "Treats everyone without discrimination by sex or age" is the opposite of a finding.
      if (firstMatch(fair, clause.norm)) continue;
      for (const [ground, patterns] of vocabulary.discrimination) {
        if (ground === 'not_discriminating') continue;
        const found = firstMatch(patterns, clause.norm);
        if (!found) continue;
        findings.push({
          path: clause.path,
          message: `${quote(clause.text)} requires a ${ground.replace(/_/g, ' ')} («${found.match}»): a ground the law forbids to select on`,
        });
        break;
      }
    }
    return findings;
  },
};

const skillsMatchDuties: Rule = {
  id: 'skills-match-duties',
  level: 'warn',
  description: 'a language, licence or tool that a duty needs but the qualifications do not ask for',
  hint: 'add it to the qualifications (knowledge or skills)',
  source: 'domain notes §1.2 (lv rule: skills in the general part must match the functions; foreign clients need the relevant foreign language)',
  check({ role, clauses, vocabulary }) {
    if (!role.qualifications) return [];
    const qualifications = inSection(clauses, 'qualifications');
    const duties = inSection(clauses, 'duties');
    const findings: Finding[] = [];
    for (const [id, { duty, qualification }] of vocabulary.skills) {
      if (qualifications.some((q) => firstMatch(qualification, q.norm))) continue;
      const needing = duties.find((c) => firstMatch(duty, c.norm));
      if (needing)
        findings.push({
          path: needing.path,
          message: `the duty ${quote(needing.text)} needs ${SKILL_LABELS[id] ?? id}, which the qualifications do not ask for`,
        });
    }
    for (const tool of vocabulary.tools) {
      const literal = normaliseText(tool, vocabulary);
      const pattern: Pattern[] = [{ source: tool, literal, regex: new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegex(literal)}(?![\\p{L}\\p{N}])`, 'u') }];
      if (qualifications.some((q) => firstMatch(pattern, q.norm))) continue;
      const needing = duties.find((c) => firstMatch(pattern, c.norm));
      if (needing) findings.push({ path: needing.path, message: `the duty ${quote(needing.text)} uses ${tool}, which the qualifications do not mention` });
    }
    return findings;
  },
};

const placeholderLeft: Rule = {
  id: 'placeholder-left',
  level: 'warn',
  description: 'TODO, TBD, XXX, a lone “...”, or a bracketed blank such as [NAME] left in a clause (an error once the document is approved)',
  hint: 'write the final text',
  source: 'domain notes §2.2 and §3 (the head approves and signs the final version: nothing may be left to fill in)',
  check({ role, clauses, vocabulary }) {
    const approved = role.document.status === 'approved';
    const findings: Finding[] = [];
    for (const clause of clauses) {
      const found = UNFINISHED.exec(clause.text)?.[0] ?? firstMatch(vocabulary.placeholders, clause.norm)?.match;
      if (found) findings.push({ path: clause.path, message: `\`${found}\` left in ${quote(clause.text)}`, ...(approved ? { error: true } : {}) });
    }
    return findings;
  },
};

const emptyOrDuplicate: Rule = {
  id: 'empty-or-duplicate',
  level: 'warn',
  description:
    'an empty clause or section, the same clause twice in a role, or the same clause written out in several roles (a library clause would keep them equal)',
  hint: 'remove the repetition; text shared by roles belongs in a clause library (`- use: clauses/common.yaml#name`)',
  source: 'domain notes §2.7 (a standard instruction shared by roles) and §3 step 7 (every change is signed again: one text to change, not many)',
  check({ role, clauses }) {
    const findings: Finding[] = [];
    role.sections.forEach((section, s) => {
      if (section.clauses.length === 0) findings.push({ path: ['sections', s], message: `the section «${section.title}» has no clauses` });
    });
    const seen = new Map<string, LintClause>();
    for (const clause of clauses) {
      const key = clauseKey(clause.norm);
      if (key === '') {
        findings.push({ path: clause.path, message: 'an empty clause' });
        continue;
      }
      const first = seen.get(key);
      if (first) findings.push({ path: clause.path, message: `${quote(clause.text)} repeats the clause at ${first.path.join('.')}` });
      else seen.set(key, clause);
    }
    return findings;
  },
};

/** Two clauses that differ only in case, spacing or closing punctuation are the same clause. */
export function clauseKey(norm: string): string {
  return norm
    .replace(/[\s\p{P}]+$/u, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const approverIsSignatory: Rule = {
  id: 'approver-is-signatory',
  level: 'warn',
  description: 'the head who approves the document also signs it as agreeing',
  hint: 'the AGREED block is for the heads of the units that prepared the document (legal, HR, the line manager): remove the approver from it',
  source: 'domain notes §2.2-2.3 and §3 (approval by the head after agreement by legal, HR and the line manager)',
  check({ role }) {
    const approver = personKey(role.approval.name);
    return role.agreed_by
      .map((signatory, i) => ({ signatory, i }))
      .filter(({ signatory }) => personKey(signatory.name) === approver)
      .map(({ signatory, i }) => ({ path: ['agreed_by', i], message: `${signatory.name} approves the document and also signs it as agreeing` }));
  },
};

const personKey = (name: string): string =>
  name
    .normalize('NFC')
    .toLocaleLowerCase()
    .replace(/[\s.]+/g, '');

const noAgreement: Rule = {
  id: 'no-agreement',
  level: 'warn',
  description: 'no AGREED signatures where the language’s practice expects them',
  hint: 'list under `agreed_by` who agreed the document (usually legal, HR and the line manager), or turn the rule off in jdgen.config.yaml',
  source: 'domain notes §2.3 (lv: agreed with the lawyer, HR and the direct supervisor; az/ro: legal, HR, economic planning and the employee’s unit)',
  check({ role, vocabulary }) {
    return vocabulary.expects.agreement && role.agreed_by.length === 0
      ? [{ path: ['approval'], key: true, message: 'nobody agreed the document: the AGREED block is empty' }]
      : [];
  },
};

const noFamiliarisation: Rule = {
  id: 'no-familiarisation',
  level: 'warn',
  description: 'no familiarisation sheet where the language’s practice expects one',
  hint: 'keep `familiarization.rows` above 0 or list the employees, so the document carries the sheet the employee signs',
  source: 'domain notes §2.4 (the employee signs and dates the document, at hiring and again after every change)',
  check({ role, familiarizationSheet }) {
    const none = role.familiarization.rows === 0 && role.familiarization.employees.length === 0;
    return familiarizationSheet === 'expected' && none ? [{ path: ['familiarization'], key: true, message: 'the document has no familiarisation sheet' }] : [];
  },
};

const longClause: Rule = {
  id: 'long-clause',
  level: 'warn',
  description: 'a clause too long to read at once (more words than `lint.max_clause_words`, 80 by default)',
  hint: 'split it into several clauses, or into an introduction with items',
  source: 'plain-language drafting principle: one obligation per clause (domain notes §1.3: duties as a numbered list)',
  check({ clauses, settings }) {
    return clauses
      .map((clause) => ({ clause, words: clause.text.split(/\s+/).filter(Boolean).length }))
      .filter(({ words }) => words > settings.maxClauseWords)
      .map(({ clause, words }) => ({ path: clause.path, message: `${quote(clause.text, 40)} has ${words} words (more than ${settings.maxClauseWords})` }));
  },
};

export const RULES: readonly Rule[] = [
  dutyWithoutRight,
  liabilityBeyondLaw,
  generalProvisionsIncomplete,
  discriminatoryRequirement,
  skillsMatchDuties,
  placeholderLeft,
  emptyOrDuplicate,
  approverIsSignatory,
  noAgreement,
  noFamiliarisation,
  longClause,
];

export const RULE_IDS: readonly string[] = RULES.map((r) => r.id);

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
