import { describe, expect, test } from 'vitest';
import { TextIndex } from './text-index.ts';

describe('the text index', () => {
  const index = new TextIndex<string>([
    ['a', 'たなかはなこ'],
    ['b', 'さとうけん'],
    ['c', 'たなかやまと'],
    ['d', ''],
    ['e', 'かたなか'],
  ]);

  test('finds every entry containing the needle, in order, once each', () => {
    expect([...index.find('たなか')]).toEqual(['a', 'c', 'e']);
    expect([...index.find('な')]).toEqual(['a', 'c', 'e']);
    expect([...index.find('けん')]).toEqual(['b']);
    expect([...index.find('xyz')]).toEqual([]);
    expect([...index.find('')]).toEqual([]);
  });

  test('never matches across two entries', () => {
    expect([...index.find('こさと')]).toEqual([]);
  });

  test('tells prefix matches apart', () => {
    expect([...index.findWithPrefix('たなか')]).toEqual([
      ['a', true],
      ['c', true],
      ['e', false],
    ]);
  });
});
