/**
 * Text folding for search: NFKC (full/half width, compatibility forms), lower case, katakana to
 * hiragana, no spaces or middle dots. And a "loose romaji" form of kana readings, so that a query
 * typed in romaji finds a reading however its long vowels are spelled (sato, satou, satoh → さとう).
 */
import { isRomaji, toRomaji } from 'wanakana';

/**
 * What each UTF-16 code unit folds to after NFKC and lower-casing: katakana to hiragana; spaces
 * (any width), middle dots, dots, hyphens, underscores and apostrophes to nothing (0).
 */
const FOLDED = (() => {
  const table = new Uint16Array(0x10000);
  for (let code = 0; code < table.length; code++) table[code] = code;
  for (let code = 0x30a1; code <= 0x30f6; code++) table[code] = code - 0x60;
  for (const ch of ' \t\n\r\f\v\u00a0\u3000・･·.-_\'’') table[ch.charCodeAt(0)] = 0;
  return table;
})();
const utf16 = new TextDecoder('utf-16le');
let buffer = new Uint16Array(256);

/** One pass over the code units through a table: regex replacements are several times slower on 100k notes. */
export function fold(value: string): string {
  const normal = value.normalize('NFKC').toLowerCase();
  if (buffer.length < normal.length) buffer = new Uint16Array(normal.length * 2);
  let n = 0;
  let changed = false;
  for (let i = 0; i < normal.length; i++) {
    const code = normal.charCodeAt(i);
    const folded = FOLDED[code]!;
    if (folded !== code) changed = true;
    if (folded !== 0) buffer[n++] = folded;
  }
  return changed ? utf16.decode(buffer.subarray(0, n)) : normal;
}

/** Romaji with long vowels and doubled letters collapsed: "satou", "satoh", "sato" all become "sato". */
export function looseRomaji(romaji: string): string {
  return romaji
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .replace(/(?<=[aeiou])h(?![aeiouy])/g, '')
    .replace(/ou/g, 'o')
    .replace(/uu/g, 'u')
    .replace(/ei/g, 'e')
    .replace(/([aeiou])\1+/g, '$1')
    .replace(/([^aeiou])\1+/g, '$1');
}

/** The loose romaji of a kana reading. */
export function readingKey(kana: string): string {
  return kana ? looseRomaji(toRomaji(fold(kana))) : '';
}

export interface SearchQuery {
  /** The folded query, matched against folded text. */
  readonly folded: string;
  /** The loose romaji of a Latin-letter query, matched against readings; empty otherwise. */
  readonly romaji: string;
}

export function parseQuery(raw: string): SearchQuery {
  const folded = fold(raw);
  const latin = folded.length > 0 && isRomaji(folded) && /[a-z]/.test(folded);
  return { folded, romaji: latin ? looseRomaji(folded) : '' };
}
