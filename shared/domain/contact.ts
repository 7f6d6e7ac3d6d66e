import { z } from 'zod';
import type { ContactId } from './ids.ts';

/** Hiragana, katakana (full and half width), the prolonged sound mark, the middle dot and spaces. */
const KANA_ONLY = /^[\p{Script=Hiragana}\p{Script=Katakana}ー・･ｰ\s\u3000]*$/u;

const shortText = (max: number) => z.string().trim().max(max, { message: 'validation.tooLong' });
const kanaReading = shortText(100).regex(KANA_ONLY, { message: 'validation.kanaOnly' });

/** What the user types to add a contact. Messages are i18n keys the renderer translates. */
export const ContactDraftSchema = z
  .object({
    familyName: shortText(100),
    givenName: shortText(100),
    familyNameKana: kanaReading,
    givenNameKana: kanaReading,
    company: shortText(200),
    title: shortText(200),
  })
  .refine((c) => c.familyName.length > 0 || c.givenName.length > 0, {
    message: 'validation.nameRequired',
    path: ['familyName'],
  });

export type ContactDraft = z.output<typeof ContactDraftSchema>;

/** What lists show of a contact. */
export interface ContactSummary {
  readonly id: ContactId;
  readonly familyName: string;
  readonly givenName: string;
  readonly familyNameKana: string;
  readonly givenNameKana: string;
  readonly company: string;
  readonly title: string;
  /** Milliseconds since the epoch. */
  readonly updatedAt: number;
}

const readingCollator = new Intl.Collator('ja', { sensitivity: 'base', numeric: true });

/** The reading used for 五十音 order: the kana when known, else the written name. */
export function sortReading(c: Pick<ContactSummary, 'familyName' | 'givenName' | 'familyNameKana' | 'givenNameKana'>): string {
  const family = c.familyNameKana || c.familyName;
  const given = c.givenNameKana || c.givenName;
  return `${family} ${given}`.trim();
}

export function compareByReading(a: ContactSummary, b: ContactSummary): number {
  return readingCollator.compare(sortReading(a), sortReading(b)) || a.id.localeCompare(b.id);
}
