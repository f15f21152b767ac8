import { describe, expect, it } from 'vitest';
import { describeLintCases, lintCodes, lintRole, type Data, type LintCase } from '../helpers/lint-cases.js';
import { normaliseText } from '../../src/lint/vocabulary.js';

/**
 * The lint rules in Latvian, Albanian and Azerbaijani (templates/lint/lv.yaml,
 * sq.yaml, az.yaml): per rule and language, a clause that must be found and
 * near misses that must not. The cases for en, ru, uk and ro are in lint.test.ts.
 */
type Locale = 'lv' | 'sq' | 'az';

const CLEAN: Record<Locale, Data> = {
  lv: {
    general_provisions: [
      'Vadītāju pieņem darbā un atbrīvo no amata ar direktora rīkojumu.',
      'Vadītājs ir tieši pakļauts pārdošanas nodaļas vadītājam.',
      'Vadītāja prombūtnes laikā viņa pienākumus pilda direktora iecelts darbinieks.',
    ],
    qualifications: { education: 'Augstākā izglītība.', knowledge: ['Pārdošanas metodes.'] },
    duties: ['Sagatavo komerciālos piedāvājumus klientiem.'],
    rights: ['Iesniegt priekšlikumus darba uzlabošanai.'],
    responsibility: ['Vadītājs atbild par savu pienākumu nepienācīgu izpildi Darba likumā noteiktajās robežās.'],
  },
  sq: {
    general_provisions: [
      'Menaxheri emërohet dhe shkarkohet nga detyra me urdhër të drejtorit.',
      'Menaxheri varet drejtpërdrejt nga drejtuesi i departamentit të shitjeve.',
      'Gjatë mungesës së Menaxherit, detyrat e tij kryhen nga një punonjës i caktuar nga drejtori.',
    ],
    qualifications: { education: 'Arsim i lartë.', knowledge: ['Teknikat e shitjes.'] },
    duties: ['Përgatit oferta tregtare për klientët.'],
    rights: ['Të bëjë propozime për përmirësimin e punës.'],
    responsibility: ['Menaxheri mban përgjegjësi për kryerjen jo të rregullt të detyrave, në kufijtë e legjislacionit të punës.'],
  },
  az: {
    general_provisions: [
      'Menecer direktorun əmri ilə vəzifəyə təyin edilir və vəzifədən azad edilir.',
      'Menecer satış şöbəsinin rəisinə tabedir.',
      'Menecer olmadıqda onun vəzifələrini direktorun təyin etdiyi işçi icra edir.',
    ],
    qualifications: { education: 'Ali təhsil.', knowledge: ['Satış üsulları.'] },
    duties: ['Müştərilər üçün kommersiya təklifləri hazırlayır.'],
    rights: ['İşin təkmilləşdirilməsi üzrə təkliflər vermək.'],
    responsibility: ['Menecer vəzifələrinin lazımi qaydada icra edilməməsinə görə əmək qanunvericiliyi ilə müəyyən edilmiş hədlərdə məsuliyyət daşıyır.'],
  },
};

const role = (locale: Locale, change: Data = {}): Data => lintRole(CLEAN[locale], locale, change);

const base = (locale: Locale, key: string) => CLEAN[locale][key] as unknown[];

const codes = lintCodes;

const LOCALES: Locale[] = ['lv', 'sq', 'az'];

it('every clean role is clean in lv, sq and az', async () => {
  for (const locale of LOCALES) expect(await codes(role(locale)), locale).toEqual([]);
});

type Case = LintCase;

const perLocale = (make: (locale: Locale) => Case): Record<Locale, Case> => ({ lv: make('lv'), sq: make('sq'), az: make('az') });

const CASES: Record<string, Record<Locale, Case>> = {
  'duty-without-right': {
    lv: {
      positive: { duties: ['Paraksta piegādes līgumus ar klientiem.'] },
      negatives: [
        { duties: ['Paraksta piegādes līgumus ar klientiem.'], rights: ['Parakstīt dokumentus savas kompetences robežās.'] },
        { duties: ['Sagatavo līgumu projektus un nodod tos direktoram parakstīšanai.'] },
      ],
    },
    sq: {
      positive: { duties: ['Nënshkruan kontratat e shitjes me klientët.'] },
      negatives: [
        { duties: ['Nënshkruan kontratat e shitjes me klientët.'], rights: ['Të nënshkruajë dokumente brenda kompetencave të tij.'] },
        { duties: ['Përgatit projektet e kontratave dhe ia dorëzon drejtorit për nënshkrim.'] },
      ],
    },
    az: {
      // «şirkət» with its own ş: read as ș (a Romanian comma), it would never match the pattern.
      positive: { duties: ['Danışıqlarda şirkətin adından çıxış edir.'] },
      negatives: [
        { duties: ['Danışıqlarda şirkətin adından çıxış edir.'], rights: ['Danışıqlarda şirkəti təmsil etmək.'] },
        { duties: ['Müqavilə layihələrini hazırlayır və direktora imzaya təqdim edir.'] },
      ],
    },
  },
  'liability-beyond-law': {
    lv: {
      positive: { responsibility: ['Par mēneša pārdošanas plāna neizpildi vadītājam piemēro naudas sodu.'] },
      negatives: [{ responsibility: ['Vadītājs uzņemas pilnu materiālo atbildību saskaņā ar atsevišķu līgumu par pilnu materiālo atbildību.'] }],
    },
    sq: {
      positive: { responsibility: ['Për mospërmbushjen e planit të shitjeve, Menaxherit i vendoset gjobë.'] },
      negatives: [{ responsibility: ['Menaxheri mban përgjegjësi materiale të plotë në bazë të kontratës së veçantë për përgjegjësinë materiale.'] }],
    },
    az: {
      positive: { responsibility: ['Satış planını yerinə yetirmədiyinə görə Menecerə cərimə tətbiq edilir.'] },
      negatives: [{ responsibility: ['Menecer tam maddi məsuliyyət haqqında ayrıca müqavilə əsasında tam maddi məsuliyyət daşıyır.'] }],
    },
  },
  'general-provisions-incomplete': {
    lv: {
      positive: { general_provisions: ['Vadītājs ir speciālistu kategorijas darbinieks.'] },
      negatives: [{ general_provisions: base('lv', 'general_provisions').filter((_, i) => i !== 1), position: { title: 'Vadītājs', reports_to: 'Direktors' } }],
    },
    sq: {
      positive: { general_provisions: ['Menaxheri bën pjesë në kategorinë e specialistëve.'] },
      negatives: [{ general_provisions: base('sq', 'general_provisions').filter((_, i) => i !== 1), position: { title: 'Menaxher', reports_to: 'Drejtori' } }],
    },
    az: {
      positive: { general_provisions: ['Menecer mütəxəssislər kateqoriyasına aiddir.'] },
      negatives: [{ general_provisions: base('az', 'general_provisions').filter((_, i) => i !== 1), position: { title: 'Menecer', reports_to: 'Direktor' } }],
    },
  },
  'discriminatory-requirement': {
    lv: {
      positive: { qualifications: { education: 'Augstākā izglītība.', experience: 'Vīrietis vecumā no 25 līdz 40 gadiem.' } },
      negatives: [
        { qualifications: { education: 'Augstākā izglītība.', experience: 'Vismaz 3–5 gadu pieredze pārdošanā.' } },
        { general_provisions: [...base('lv', 'general_provisions'), 'Vadītājs apkalpo klientus neatkarīgi no dzimuma, vecuma un tautības.'] },
      ],
    },
    sq: {
      positive: { qualifications: { education: 'Arsim i lartë.', experience: 'Mashkull, mosha nga 25 deri 40 vjeç.' } },
      negatives: [
        { qualifications: { education: 'Arsim i lartë.', experience: 'Përvojë në shitje 3-5 vite.' } },
        { general_provisions: [...base('sq', 'general_provisions'), 'Menaxheri u shërben klientëve pavarësisht nga gjinia, mosha ose kombësia.'] },
      ],
    },
    az: {
      positive: { qualifications: { education: 'Ali təhsil.', experience: '25-40 yaş arası kişi.' } },
      negatives: [
        { qualifications: { education: 'Ali təhsil.', experience: 'Satış sahəsində 3-5 il iş təcrübəsi.' } },
        {
          general_provisions: [
            ...base('az', 'general_provisions'),
            'Menecer müştərilərə cinsindən, yaşından və milliyyətindən asılı olmayaraq xidmət göstərir.',
          ],
        },
      ],
    },
  },
  'skills-match-duties': {
    lv: {
      positive: { duties: ['Ved sarunas ar ārvalstu klientiem.'] },
      negatives: [
        { duties: ['Ved sarunas ar ārvalstu klientiem.'], qualifications: { education: 'Augstākā izglītība.', knowledge: ['Angļu valoda B2 līmenī.'] } },
      ],
    },
    sq: {
      positive: { duties: ['Zhvillon negociata me klientë të huaj.'] },
      negatives: [
        { duties: ['Zhvillon negociata me klientë të huaj.'], qualifications: { education: 'Arsim i lartë.', knowledge: ['Gjuha angleze në nivelin B2.'] } },
      ],
    },
    az: {
      positive: { duties: ['Xarici müştərilərlə danışıqlar aparır.'] },
      // «İngilis» lower-cased the Azerbaijani way (İ → i) meets the pattern «ingilis~».
      negatives: [
        { duties: ['Xarici müştərilərlə danışıqlar aparır.'], qualifications: { education: 'Ali təhsil.', knowledge: ['İngilis dili B2 səviyyəsində.'] } },
      ],
    },
  },
  'placeholder-left': {
    lv: { positive: { duties: ['Sagatavo atskaites līdz [norādīt termiņu].'] }, negatives: [{ duties: ['Sagatavo atskaites (ikmēneša, ceturkšņa u. c.).'] }] },
    sq: { positive: { duties: ['Përgatit raporte deri më [shëno afatin].'] }, negatives: [{ duties: ['Përgatit raporte (mujore, tremujore etj.).'] }] },
    az: {
      positive: { duties: ['Hesabatları [tarix qeyd edin] tarixinə qədər hazırlayır.'] },
      negatives: [{ duties: ['Hesabatları (aylıq, rüblük və s.) hazırlayır.'] }],
    },
  },
  'empty-or-duplicate': perLocale((l) => ({
    positive: { duties: [...base(l, 'duties'), `${String(base(l, 'duties')[0]).slice(0, -1)}`] },
    negatives: [{ duties: [...base(l, 'duties'), String(base(l, 'duties')[0]).replace(/\.$/, ' 2.')] }],
  })),
  'no-agreement': perLocale(() => ({ positive: { agreed_by: [] }, negatives: [{ agreed_by: [{ position: 'Jurists', name: 'B. Lawyer' }] }] })),
};

describeLintCases(CASES, LOCALES, role);

describe('cedillas', () => {
  it('are commas only where the vocabulary says so (Romanian), never in Azerbaijani', () => {
    expect(normaliseText('Şirkət işçisi', { locale: 'az', foldDiacritics: false })).toBe('şirkət işçisi');
    expect(normaliseText('Şeful secţiei', { locale: 'ro', foldDiacritics: false, cedillasAsCommas: true })).toBe('șeful secției');
    expect(normaliseText('Şeful secţiei', { locale: 'ro', foldDiacritics: false })).toBe('şeful secţiei');
  });
});
