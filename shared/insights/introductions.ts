/**
 * Introductions (紹介, the article's first success story): why two people may help each other, from
 * what I recorded of their strengths, interests and needs — using only what each note allows to be
 * told to the other person. Private and confidential notes never leave this module.
 */
import type { ContactId } from '../domain/ids.ts';
import type { Note } from '../domain/note.ts';
import { fold } from '../text/fold.ts';
import { topicsOf } from './ways-to-give.ts';

export const INTRODUCTION_FIELDS = ['strengths', 'interests', 'needs'] as const;
export type IntroductionField = (typeof INTRODUCTION_FIELDS)[number];

/** Whether a note about someone may be told to `recipient`: normal notes whose audience includes them. */
export function shareableWith(note: Pick<Note, 'confidentiality' | 'audience' | 'audienceIds'>, recipient: ContactId): boolean {
  if (note.confidentiality !== 'normal') return false;
  return note.audience === 'anyone' || (note.audience === 'named' && note.audienceIds.includes(recipient));
}

export interface IntroductionPerson {
  readonly id: ContactId;
  readonly name: string;
  readonly company: string;
  readonly title: string;
  readonly strengths: readonly string[];
  readonly interests: readonly string[];
  readonly needs: readonly string[];
  /** How many of their understanding notes were left out (private, confidential, or not for the other person). */
  readonly withheld: number;
}

export interface IntroductionSource {
  readonly id: ContactId;
  readonly name: string;
  readonly company: string;
  readonly title: string;
  readonly understanding: Readonly<Record<IntroductionField, Note>>;
}

/** One person as the other may hear about them. */
export function introductionPerson(person: IntroductionSource, recipient: ContactId): IntroductionPerson {
  let withheld = 0;
  const topics = {} as Record<IntroductionField, string[]>;
  for (const field of INTRODUCTION_FIELDS) {
    const note = person.understanding[field];
    const allowed = shareableWith(note, recipient);
    if (!allowed && note.text.trim()) withheld++;
    topics[field] = allowed ? topicsOf(note) : [];
  }
  return { id: person.id, name: person.name, company: person.company, title: person.title, ...topics, withheld };
}

export interface Match {
  /** What the helper is good at or interested in … */
  readonly offer: string;
  /** … and the other's need it answers. */
  readonly need: string;
}

const TOKEN = /[\s、，,;；・/／。.()（）「」]+/u;

/** Two topics match when one contains the other, or they share a word of two or more characters. */
export function topicsMatch(a: string, b: string): boolean {
  const x = fold(a);
  const y = fold(b);
  if (!x || !y) return false;
  if (x.includes(y) || y.includes(x)) return true;
  const words = new Set(x.split(TOKEN).filter((word) => word.length >= 2));
  return y.split(TOKEN).some((word) => word.length >= 2 && words.has(word));
}

function matches(helper: IntroductionPerson, helped: IntroductionPerson): Match[] {
  const found: Match[] = [];
  for (const need of helped.needs) {
    for (const offer of [...helper.strengths, ...helper.interests]) {
      if (topicsMatch(offer, need)) found.push({ offer, need });
    }
  }
  return found;
}

export interface IntroductionReasons {
  readonly aHelpsB: readonly Match[];
  readonly bHelpsA: readonly Match[];
  readonly sharedInterests: readonly string[];
}

export function introductionReasons(a: IntroductionPerson, b: IntroductionPerson): IntroductionReasons {
  return {
    aHelpsB: matches(a, b),
    bHelpsA: matches(b, a),
    sharedInterests: a.interests.filter((interest) => b.interests.some((other) => topicsMatch(interest, other))),
  };
}
