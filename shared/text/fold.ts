/**
 * Text folding for search: NFKC (full/half width, compatibility forms), lower case, katakana to
 * hiragana, no spaces or middle dots. And a "loose romaji" form of kana readings, so that a query
 * typed in romaji finds a reading however its long vowels are spelled (sato, satou, satoh → さとう).
 */
import { isRomaji, toRomaji } from 'wanakana';

const KATAKANA = /[\u30a1-\u30f6]/g;
const IGNORED = /[\s\u3000・･·.\-_'’]/g;

export function fold(value: string): string {
  return value
    .normalize('NFKC')
    .toLowerCase()
    .replace(KATAKANA, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60))
    .replace(IGNORED, '');
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
