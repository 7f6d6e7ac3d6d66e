/**
 * The introduction message, from the ja/en templates: built only from what the service returned for
 * an introduction (each person as the other may hear about them), so nothing private can get in.
 */
import type { Introduction } from '../../../../shared/api/contract.ts';
import type { IntroductionPerson } from '../../../../shared/insights/introductions.ts';

export type Template = (key: string, values?: Record<string, string>) => string;

function affiliation(person: IntroductionPerson, t: Template): string {
  const parts = [person.company, person.title].filter(Boolean);
  return parts.length === 0 ? '' : t('affiliation', { parts: parts.join(t('affiliationSeparator')) });
}

function describe(person: IntroductionPerson, t: Template): string[] {
  const name = person.name;
  const lines: string[] = [];
  const list = (topics: readonly string[]) => topics.join(t('listSeparator'));
  if (person.strengths.length > 0) lines.push(t('strengths', { name, affiliation: affiliation(person, t), topics: list(person.strengths) }));
  else lines.push(t('person', { name, affiliation: affiliation(person, t) }));
  if (person.interests.length > 0) lines.push(t('interests', { name, topics: list(person.interests) }));
  return lines;
}

/** Japanese sentences follow each other directly; English ones with a space. */
const SENTENCE_JOINER = { ja: '', en: ' ' } as const;

/** The draft as plain text, in the language `t` speaks. */
export function composeIntroduction(introduction: Introduction, t: Template, language: 'ja' | 'en'): string {
  const joiner = SENTENCE_JOINER[language];
  const { a, b, reasons } = introduction;
  const paragraphs = [
    t('greeting', { a: a.name, b: b.name }),
    t('opening'),
    describe(a, t).join(joiner),
    describe(b, t).join(joiner),
  ];
  const why = [
    ...reasons.aHelpsB.slice(0, 2).map((match) => t('match', { helper: a.name, helped: b.name, offer: match.offer, need: match.need })),
    ...reasons.bHelpsA.slice(0, 2).map((match) => t('match', { helper: b.name, helped: a.name, offer: match.offer, need: match.need })),
    ...(reasons.sharedInterests.length > 0 ? [t('shared', { topics: reasons.sharedInterests.join(t('listSeparator')) })] : []),
  ];
  if (why.length > 0) paragraphs.push(why.join(joiner));
  paragraphs.push(t('closing'), t('signature'));
  return paragraphs.join('\n\n');
}
