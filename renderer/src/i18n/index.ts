import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import { ja } from './ja.ts';

export const LANGUAGES = ['ja', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'enishi.language';

/** The saved choice, else the OS/browser locale: Japanese for ja-*, English otherwise. */
export function initialLanguage(saved: string | null, systemLanguages: readonly string[]): Language {
  if (saved === 'ja' || saved === 'en') return saved;
  const first = systemLanguages[0]?.toLowerCase() ?? 'en';
  return first.startsWith('ja') ? 'ja' : 'en';
}

export async function setupI18n(): Promise<typeof i18next> {
  const lng = initialLanguage(localStorage.getItem(STORAGE_KEY), navigator.languages);
  await i18next.use(initReactI18next).init({
    resources: { ja: { translation: ja }, en: { translation: en } },
    lng,
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = lng;
  return i18next;
}

export async function changeLanguage(language: Language): Promise<void> {
  localStorage.setItem(STORAGE_KEY, language);
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
}
