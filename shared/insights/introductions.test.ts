/** Introductions use only what each note allows to be told to the other person. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { ContactId } from '../domain/ids.ts';
import { AUDIENCES, CONFIDENTIALITY, EMPTY_NOTE, type Note } from '../domain/note.ts';
import { INTRODUCTION_FIELDS, introductionPerson, introductionReasons, shareableWith, topicsMatch } from './introductions.ts';

const A = 'c00000000000000000000000000a' as ContactId;
const B = 'c00000000000000000000000000b' as ContactId;
const note = (text: string, extra: Partial<Note> = {}): Note => ({ ...EMPTY_NOTE, text, ...extra });

describe('introductions', () => {
  test('a note may be told to the other person only when it is normal and its audience includes them', () => {
    expect(shareableWith(note('x'), B)).toBe(true);
    expect(shareableWith(note('x', { confidentiality: 'private' }), B)).toBe(false);
    expect(shareableWith(note('x', { confidentiality: 'confidential' }), B)).toBe(false);
    expect(shareableWith(note('x', { audience: 'named', audienceIds: [B] }), B)).toBe(true);
    expect(shareableWith(note('x', { audience: 'named', audienceIds: [A] }), B)).toBe(false);
    expect(shareableWith(note('x', { audience: 'nobody' }), B)).toBe(false);
  });

  test('whatever the notes say and allow, nothing withheld reaches what the other person hears', () => {
    const noteArb = fc.record({
      words: fc.array(fc.constantFrom('SEO', '採用', 'デザイン', '転職', 'Go言語', 'marketing'), { maxLength: 3 }),
      confidentiality: fc.constantFrom(...CONFIDENTIALITY),
      audience: fc.constantFrom(...AUDIENCES),
      named: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.tuple(noteArb, noteArb, noteArb), (notes) => {
        const understanding = Object.fromEntries(
          INTRODUCTION_FIELDS.map((field, i) => {
            const n = notes[i]!;
            // Every note carries a marker that must never come out unless the note may be shared.
            return [field, note([`SECRET-${field}`, ...n.words].join('、'), { confidentiality: n.confidentiality, audience: n.audience, audienceIds: n.named ? [B] : [] })];
          }),
        ) as Record<(typeof INTRODUCTION_FIELDS)[number], Note>;
        const told = introductionPerson({ id: A, name: 'A', company: '', title: '', understanding }, B);
        for (const field of INTRODUCTION_FIELDS) {
          const allowed = shareableWith(understanding[field], B);
          expect(told[field].includes(`SECRET-${field}`)).toBe(allowed);
          if (!allowed) expect(told[field]).toEqual([]);
        }
        expect(told.withheld).toBe(INTRODUCTION_FIELDS.filter((field) => !shareableWith(understanding[field], B)).length);
      }),
    );
  });

  test('reasons pair one person’s strengths and interests with the other’s needs, and find shared interests', () => {
    const a = introductionPerson({ id: A, name: '山本', company: '', title: '', understanding: { strengths: note('SEO、採用広報'), interests: note('コンテンツマーケティング'), needs: note('エンジニア採用') } }, B);
    const b = introductionPerson({ id: B, name: '鈴木', company: '', title: '', understanding: { strengths: note('エンジニア採用・技術広報'), interests: note('コンテンツマーケティング'), needs: note('SEOの相談', { confidentiality: 'private' }) } }, A);
    const reasons = introductionReasons(a, b);
    expect(reasons.bHelpsA).toEqual([{ offer: 'エンジニア採用', need: 'エンジニア採用' }]);
    // B's need is private: it is not used to suggest anything.
    expect(reasons.aHelpsB).toEqual([]);
    expect(reasons.sharedInterests).toEqual(['コンテンツマーケティング']);
    expect(topicsMatch('SEO', 'SEOの相談')).toBe(true);
    expect(topicsMatch('Go programming', 'hiring in go programming')).toBe(true);
    expect(topicsMatch('デザイン', '採用')).toBe(false);
  });
});
