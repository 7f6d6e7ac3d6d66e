import { describe, expect, test } from 'vitest';
import { fold, looseRomaji, parseQuery, readingKey } from './fold.ts';

describe('search folding', () => {
  test('width, case, katakana and spacing fold away', () => {
    expect(fold('ＴＡＮＡＫＡ　Hanako')).toBe('tanakahanako');
    expect(fold('ﾀﾅｶ')).toBe('たなか');
    expect(fold('タナカ・ハナコ')).toBe('たなかはなこ');
    expect(fold('田中 花子')).toBe('田中花子');
    expect(fold('Müller')).toBe('müller');
  });

  test('romaji queries find readings however long vowels are written', () => {
    expect(readingKey('さとう')).toBe(looseRomaji('sato'));
    expect(readingKey('さとう')).toBe(looseRomaji('satou'));
    expect(readingKey('さとう')).toBe(looseRomaji('satoh'));
    expect(readingKey('おおの')).toBe(looseRomaji('ono'));
    expect(readingKey('おおの')).toBe(looseRomaji('ohno'));
    expect(readingKey('たなか')).toBe(looseRomaji('tanaka'));
    expect(readingKey('いっしき')).toBe(looseRomaji('isshiki'));
    expect(readingKey('タナカ')).toBe('tanaka');
  });

  test('a query knows whether it is romaji', () => {
    expect(parseQuery('Tanaka')).toEqual({ folded: 'tanaka', romaji: 'tanaka' });
    expect(parseQuery('田中')).toEqual({ folded: '田中', romaji: '' });
    expect(parseQuery('たなか')).toEqual({ folded: 'たなか', romaji: '' });
    expect(parseQuery('  ')).toEqual({ folded: '', romaji: '' });
  });
});
