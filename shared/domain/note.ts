/**
 * Every note says how it may be used: normal (shareable), private (mine only: never exported) or
 * confidential (told in confidence: masked in every view until revealed, never exported, never
 * in an introduction draft); who told me; and who may hear it.
 */
import { z } from 'zod';
import { ContactIdSchema, longText } from './fields.ts';
import type { ContactId } from './ids.ts';

export const CONFIDENTIALITY = ['normal', 'private', 'confidential'] as const;
export type Confidentiality = (typeof CONFIDENTIALITY)[number];
export const AUDIENCES = ['anyone', 'named', 'nobody'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const NoteSchema = z.object({
  text: longText(),
  confidentiality: z.enum(CONFIDENTIALITY).default('normal'),
  toldBy: ContactIdSchema.nullable().default(null),
  audience: z.enum(AUDIENCES).default('anyone'),
  audienceIds: z.array(ContactIdSchema).max(50).default([]),
});
export type Note = z.output<typeof NoteSchema>;
export type NoteInput = z.input<typeof NoteSchema>;

export const EMPTY_NOTE: Note = { text: '', confidentiality: 'normal', toldBy: null, audience: 'anyone', audienceIds: [] };

/** A note as views receive it: confidential text stays in the vault until the user reveals it. */
export type NoteView = Omit<Note, 'text'> & ({ readonly masked: false; readonly text: string } | { readonly masked: true; readonly length: number });

export function maskNote(note: Note): NoteView {
  const { text, ...rest } = note;
  return note.confidentiality === 'confidential' && text.length > 0 ? { ...rest, masked: true, length: [...text].length } : { ...rest, masked: false, text };
}

/** Whether a note may leave the vault (exports, introduction drafts): normal notes only. */
export function isShareable(note: Pick<Note, 'confidentiality'>): boolean {
  return note.confidentiality === 'normal';
}

export type { ContactId };
