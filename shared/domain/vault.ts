import { z } from 'zod';

export type VaultStatus =
  | { readonly state: 'none' }
  | { readonly state: 'locked' }
  | { readonly state: 'unlocked'; readonly name: string };

export const VaultNameSchema = z.string().trim().min(1, { message: 'validation.required' }).max(80, { message: 'validation.tooLong' });

/** Passphrases are not trimmed: every character the user typed counts. */
export const PassphraseSchema = z.string().min(1, { message: 'validation.required' }).max(1024, { message: 'validation.tooLong' });
