import { describe, expect, test } from 'vitest';
import { ERROR_CODES } from '../../../shared/api/errors.ts';
import { IMPORT_ISSUE_CODES } from '../../../shared/interop/import-issues.ts';
import { ContactDraftSchema } from '../../../shared/domain/contact.ts';
import { assessPassphrase } from '../../../shared/domain/passphrase.ts';
import { PassphraseSchema, VaultNameSchema } from '../../../shared/domain/vault.ts';
import { en } from './en.ts';
import { initialLanguage } from './index.ts';
import { ja } from './ja.ts';

function leaves(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value as object, path)) out.set(k, v);
  }
  return out;
}

describe('translations', () => {
  test('Japanese and English have exactly the same keys, none empty', () => {
    const jaKeys = leaves(ja);
    const enKeys = leaves(en);
    expect([...enKeys.keys()].sort()).toEqual([...jaKeys.keys()].sort());
    for (const [key, value] of [...jaKeys, ...enKeys]) expect(value.trim(), key).not.toBe('');
  });

  test('every error code of the API contract has a message in both languages', () => {
    for (const code of ERROR_CODES) {
      expect(ja.errors[code], code).toBeTruthy();
      expect(en.errors[code], code).toBeTruthy();
    }
  });

  test('everything the import readers can say about a file or a row has a message in both languages, with the same values', () => {
    const placeholders = (text: string) => [...text.matchAll(/{{(\w+)}}/g)].map((match) => match[1]).sort();
    for (const code of IMPORT_ISSUE_CODES) {
      expect(ja.importer.issues[code], code).toBeTruthy();
      expect(en.importer.issues[code], code).toBeTruthy();
      expect(placeholders(ja.importer.issues[code]), code).toEqual(placeholders(en.importer.issues[code]));
    }
  });

  test('every message the shared schemas and the passphrase rule can produce is translated', () => {
    const issues = [
      ContactDraftSchema.safeParse({ familyName: '', givenName: '', familyNameKana: 'tanaka', givenNameKana: 'x'.repeat(101), company: '', title: '' }),
      VaultNameSchema.safeParse('   '),
      VaultNameSchema.safeParse('x'.repeat(81)),
      PassphraseSchema.safeParse(''),
    ].flatMap((result) => (result.success ? [] : result.error.issues.map((issue) => issue.message)));
    const problems = [assessPassphrase('short').problem, assessPassphrase('password1234').problem];
    const keys = [...new Set([...issues, ...problems])];
    expect(keys).toEqual(expect.arrayContaining(['validation.kanaOnly', 'validation.tooLong', 'validation.nameRequired', 'validation.required', 'passphrase.tooShort', 'passphrase.tooGuessable']));
    const jaKeys = leaves(ja);
    const enKeys = leaves(en);
    for (const key of keys) {
      expect(jaKeys.has(key!), `ja: ${key}`).toBe(true);
      expect(enKeys.has(key!), `en: ${key}`).toBe(true);
    }
  });
});

describe('language choice', () => {
  test('follows a saved choice, else the system locale', () => {
    expect(initialLanguage('en', ['ja-JP'])).toBe('en');
    expect(initialLanguage(null, ['ja-JP', 'en-US'])).toBe('ja');
    expect(initialLanguage(null, ['ja'])).toBe('ja');
    expect(initialLanguage(null, ['de-DE'])).toBe('en');
    expect(initialLanguage(null, [])).toBe('en');
    expect(initialLanguage('fr', ['ja-JP'])).toBe('ja');
  });
});
