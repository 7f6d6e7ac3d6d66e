import { describe, expect, test } from 'vitest';
import { compareByReading, type ContactSummary } from './contact.ts';
import { displayName, displayReading, initials } from './names.ts';

const person = (parts: Partial<ContactSummary>): ContactSummary => ({
  id: 'c' as ContactSummary['id'],
  familyName: '',
  givenName: '',
  familyNameKana: '',
  givenNameKana: '',
  company: '',
  companyKana: '',
  department: '',
  title: '',
  stage: 'acquainted',
  closeness: 2,
  roles: [],
  tags: [],
  cadenceDays: 0,
  goalLinks: [],
  birthday: '',
  archived: false,
  createdAt: 0,
  updatedAt: 0,
  ...parts,
});

describe('names', () => {
  test('Japanese names read family-first, Latin names given-first', () => {
    expect(displayName(person({ familyName: '田中', givenName: '花子' }))).toBe('田中 花子');
    expect(displayName(person({ familyName: 'Schmidt', givenName: 'Anna' }))).toBe('Anna Schmidt');
    expect(displayName(person({ familyName: 'Tanaka', givenName: 'Hanako', familyNameKana: 'たなか' }))).toBe('Tanaka Hanako');
    expect(displayName(person({ givenName: 'Madonna' }))).toBe('Madonna');
  });

  test('readings and initials', () => {
    expect(displayReading(person({ familyNameKana: 'たなか', givenNameKana: 'はなこ' }))).toBe('たなか はなこ');
    expect(initials(person({ familyName: '田中', givenName: '花子' }))).toBe('田');
    expect(initials(person({ familyName: 'schmidt', givenName: 'anna' }))).toBe('AS');
    expect(initials(person({}))).toBe('?');
  });

  test('五十音 order uses the kana reading, katakana and hiragana alike', () => {
    const sorted = [
      person({ id: 'c1' as ContactSummary['id'], familyName: '渡辺', familyNameKana: 'わたなべ' }),
      person({ id: 'c2' as ContactSummary['id'], familyName: '伊藤', familyNameKana: 'イトウ' }),
      person({ id: 'c3' as ContactSummary['id'], familyName: '青木', familyNameKana: 'あおき' }),
      person({ id: 'c4' as ContactSummary['id'], familyName: '加藤', familyNameKana: 'かとう' }),
    ].sort(compareByReading);
    expect(sorted.map((p) => p.familyName)).toEqual(['青木', '伊藤', '加藤', '渡辺']);
  });
});
