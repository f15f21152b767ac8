import { createRequire } from 'node:module';

/**
 * The position title in the genitive, as Russian and Ukrainian put it after
 * «должностная инструкция» / «посадова інструкція»: «менеджера по работе с
 * ключевыми клиентами», «менеджера (управителя) із збуту».
 *
 * A job title is a noun phrase whose head is its first noun, preceded by
 * agreeing adjectives («ведущий специалист», «головний бухгалтер») and
 * followed by words that keep their own case («по работе с клиентами»,
 * «відділу збуту», «із збуту»). Only the adjectives and the head noun change,
 * and a parenthesised synonym right after the head («(управитель)») changes
 * with it. Russian nouns and masculine adjectives are declined by
 * russian-nouns-js (MIT; declension tables with the fleeting vowels,
 * «продавец» → «продавца», and substantivised adjectives, «управляющий» →
 * «управляющего»). No maintained npm library declines Ukrainian common nouns
 * (`shevchenko` declines personal names only), so Ukrainian uses the small
 * rule set below for masculine titles, the form staffing tables use (see the
 * README, "Languages"). A title the rules do not cover gives `undefined`: the
 * caller then asks for `position.title_genitive` instead of guessing.
 */
export type GenitiveLanguage = 'ru' | 'uk';

export const GENITIVE_LANGUAGES: readonly GenitiveLanguage[] = ['ru', 'uk'];

export function isGenitiveLanguage(value: unknown): value is GenitiveLanguage {
  return value === 'ru' || value === 'uk';
}

/** The title in the genitive, its first letter small as it stands mid-sentence; undefined when the rules cannot tell. */
export function titleGenitive(title: string, language: GenitiveLanguage): string | undefined {
  const words = title.trim().split(/\s+/);
  const out: string[] = [];
  let i = 0;
  // Agreeing adjectives, then the head noun.
  const adjectives: number[] = [];
  while (i < words.length && isAdjective(words[i]!, language) && !isSubstantive(words[i]!, language)) adjectives.push(i++);
  if (i >= words.length) {
    // All adjectives: the last is the head («Управляющий», «Черговий»).
    if (adjectives.length === 0) return undefined;
    i = adjectives.pop()!;
  }
  const head = words[i]!;
  const gender = genderOf(bare(head), language);
  if (!gender) return undefined;
  for (const at of adjectives) {
    const declined = declineAdjective(words[at]!, gender, language);
    if (declined === undefined) return undefined;
    out.push(declined);
  }
  const declinedHead = declineNounToken(head, gender, language);
  if (declinedHead === undefined) return undefined;
  out.push(declinedHead);
  i += 1;
  // «Менеджер (управитель) із збуту»: the synonym in brackets agrees with the head.
  if (i < words.length && words[i]!.startsWith('(')) {
    const group: string[] = [];
    while (i < words.length) {
      group.push(words[i]!);
      if (words[i++]!.endsWith(')')) break;
    }
    const inner = group.join(' ').slice(1, -1);
    const declined = inner ? titleGenitive(inner, language) : undefined;
    if (declined === undefined || !group[group.length - 1]!.endsWith(')')) return undefined;
    out.push(`(${keepCapital(inner, declined)})`);
  }
  out.push(...words.slice(i));
  return smallFirst(out.join(' '));
}

/** A word without the brackets and punctuation around it. */
function bare(word: string): string {
  return word.replace(/^[([«"„]+|[)\]»"”,.;:]+$/g, '');
}

function isAdjective(word: string, language: GenitiveLanguage): boolean {
  const w = bare(word).toLowerCase();
  if (w.length < 4 || w.includes('-')) return false;
  // Ukrainian: masculine adjectives only («провідний», «головний», «останній»); «водій» is a noun.
  return language === 'ru' ? /(ый|ий|ой|ая|яя)$/.test(w) : /(ий|ній)$/.test(w);
}

/** Participles and adjectives used as the head noun of a title: «Заведующий складом», «Завідувач» is a noun already. */
function isSubstantive(word: string, language: GenitiveLanguage): boolean {
  const w = bare(word).toLowerCase();
  return language === 'ru' && /^(заведующ|управляющ|исполняющ)/.test(w);
}

type Gender = 'm' | 'f';

function genderOf(word: string, language: GenitiveLanguage): Gender | undefined {
  const w = word.toLowerCase().split('-').pop() ?? '';
  if (!/^[\p{Script=Cyrillic}’'ʼ]+$/u.test(w)) return undefined;
  if (/[ая]$/.test(w)) return language === 'ru' && /(ий|ый|ой)$/.test(w) ? 'm' : 'f';
  if (/[оеєюуиіїы]$/.test(w) && !/(ий|ій|ый|ой)$/.test(w)) return undefined;
  return 'm';
}

/** «Менеджер-консультант» declines both parts; «IT-менеджер», «пресс-секретарь» only the last. */
function declineNounToken(token: string, gender: Gender, language: GenitiveLanguage): string | undefined {
  const word = bare(token);
  const start = token.indexOf(word);
  const parts = word.split('-');
  const declined: string[] = [];
  for (const [k, part] of parts.entries()) {
    const last = k === parts.length - 1;
    if (!last && !isAgentNoun(part)) {
      declined.push(part);
      continue;
    }
    const one = isAdjective(part, language) || isSubstantive(part, language) ? declineAdjective(part, gender, language) : declineNoun(part, gender, language);
    if (one === undefined) return undefined;
    declined.push(keepCapital(part, one));
  }
  return token.slice(0, start) + declined.join('-') + token.slice(start + word.length);
}

/** Nouns naming a person by occupation: the first part of «менеджер-консультант» declines too. */
function isAgentNoun(word: string): boolean {
  return /(ер|ор|ист|іст|ант|ент|ник|тель|ець|ец|арь|ар|ог)$/.test(word.toLowerCase()) && word.length >= 5;
}

function declineNoun(word: string, gender: Gender, language: GenitiveLanguage): string | undefined {
  return language === 'ru' ? russianNoun(word, gender) : ukrainianNoun(word, gender);
}

function declineAdjective(word: string, gender: Gender, language: GenitiveLanguage): string | undefined {
  const w = bare(word);
  const lower = w.toLowerCase();
  let declined: string | undefined;
  if (language === 'ru') {
    if (gender === 'm') declined = russianNoun(lower, 'm');
    else if (/[жшчщ]ая$/.test(lower)) declined = lower.replace(/ая$/, 'ей');
    else if (/ая$/.test(lower)) declined = lower.replace(/ая$/, 'ой');
    else if (/яя$/.test(lower)) declined = lower.replace(/яя$/, 'ей');
  } else if (gender === 'm') {
    if (/ій$/.test(lower)) declined = lower.replace(/ій$/, 'ього');
    else if (/ий$/.test(lower)) declined = lower.replace(/ий$/, 'ого');
  }
  if (declined === undefined) return undefined;
  return word.replace(w, keepCapital(w, declined));
}

interface RussianNounsModule {
  Engine: new () => { decline(lemma: { text: string; gender: string }, grammaticalCase: string): string[] };
  Gender: { MASCULINE: string; FEMININE: string };
  Case: { GENITIVE: string };
}

const requireHere = createRequire(import.meta.url);

/** Loaded on the first Russian title only (the tables are large for a cold start). */
function russianNouns(): RussianNounsModule {
  return requireHere('russian-nouns-js') as RussianNounsModule;
}

function russianNoun(word: string, gender: Gender): string | undefined {
  const nouns = russianNouns();
  const lower = word.toLowerCase();
  const forms = new nouns.Engine().decline({ text: lower, gender: gender === 'm' ? nouns.Gender.MASCULINE : nouns.Gender.FEMININE }, nouns.Case.GENITIVE);
  const first = forms[0];
  return first ? keepCapital(word, first) : undefined;
}

/**
 * Masculine nouns of the second declension naming persons (the genitive of
 * a person ends in -а/-я): «менеджер» → «менеджера», «фахівець» →
 * «фахівця», «водій» → «водія», «секретар» →
 * «секретаря», «вчитель» → «вчителя». Feminine titles are left to the
 * author (`position.title_genitive`).
 */
function ukrainianNoun(word: string, gender: Gender): string | undefined {
  if (gender !== 'm') return undefined;
  const lower = word.toLowerCase();
  let declined: string;
  if (/ець$/.test(lower)) declined = lower.replace(/ець$/, 'ця');
  else if (/ь$/.test(lower)) declined = lower.replace(/ь$/, 'я');
  else if (/[аеиіоу]й$/.test(lower)) declined = lower.replace(/й$/, 'я');
  else if (/[^аеиіїоуюяє]$/.test(lower)) declined = /(?<!д)ар$/.test(lower) ? `${lower}я` : `${lower}а`;
  else return undefined;
  return keepCapital(word, declined);
}

/** Keeps a capital first letter (and an all-capital word) of the original. */
function keepCapital(original: string, declined: string): string {
  if (original.length > 1 && original === original.toUpperCase()) return declined.toUpperCase();
  const first = original.charAt(0);
  if (first !== first.toLowerCase()) return declined.charAt(0).toUpperCase() + declined.slice(1);
  return declined;
}

/**
 * The first letter small, as a title reads after «должностная инструкция»
 * or after a colon; an abbreviation («IT-менеджер», «HR») keeps its capitals.
 */
export function smallFirst(text: string): string {
  const first = text.charAt(0);
  const second = text.charAt(1);
  if (second && second !== second.toLowerCase()) return text;
  return first.toLowerCase() + text.slice(1);
}
