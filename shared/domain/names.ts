import type { ContactSummary } from './contact.ts';

type NameParts = Pick<ContactSummary, 'familyName' | 'givenName' | 'familyNameKana' | 'givenNameKana'>;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * Japanese (and other East Asian) names read family-first in either UI language; names in Latin
 * script read given-first. Japanese names are joined with a space, as address books show them.
 */
export function displayName(name: NameParts): string {
  const { familyName, givenName } = name;
  const familyFirst = CJK.test(familyName + givenName) || Boolean(name.familyNameKana || name.givenNameKana);
  const parts = familyFirst ? [familyName, givenName] : [givenName, familyName];
  return parts.filter(Boolean).join(' ');
}

/** The reading shown above a name, in the same order as the name. */
export function displayReading(name: NameParts): string {
  return [name.familyNameKana, name.givenNameKana].filter(Boolean).join(' ');
}

/** One or two characters for an avatar: the family name's first character for CJK names, initials otherwise. */
export function initials(name: NameParts): string {
  const shown = displayName(name);
  if (CJK.test(shown)) return [...shown][0] ?? '?';
  return shown
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => [...part][0]!.toUpperCase())
    .join('') || '?';
}
