import type { ParseKeys } from 'i18next';

/** Any translation key; for messages that arrive as data (zod issues, API codes). */
export type TranslationKey = ParseKeys;
