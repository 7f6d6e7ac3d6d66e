/**
 * Ways to give (ギブ): what I could offer a person, drawn from what I recorded of their current needs
 * and interests. Confidential notes are left out: the suggestions are shown unmasked.
 */
import type { Note } from '../domain/note.ts';

export interface WayToGive {
  readonly from: 'needs' | 'interests';
  readonly topic: string;
}

const SEPARATORS = /[\n、，,;；・/／]+/u;
const MAX_WAYS = 8;

/** The topics of a note: its parts between commas, 、, ・, slashes or line breaks. */
export function topicsOf(note: Pick<Note, 'text' | 'confidentiality'>): string[] {
  if (note.confidentiality === 'confidential') return [];
  return note.text
    .split(SEPARATORS)
    .map((topic) => topic.trim().replace(/[。.]$/u, ''))
    .filter((topic) => topic.length > 0 && topic.length <= 80);
}

/** Needs first (help with what they need now), then interests (something to share). */
export function waysToGive(understanding: { readonly needs: Pick<Note, 'text' | 'confidentiality'>; readonly interests: Pick<Note, 'text' | 'confidentiality'> }): WayToGive[] {
  const seen = new Set<string>();
  const ways: WayToGive[] = [];
  for (const from of ['needs', 'interests'] as const) {
    for (const topic of topicsOf(understanding[from])) {
      if (seen.has(topic)) continue;
      seen.add(topic);
      ways.push({ from, topic });
    }
  }
  return ways.slice(0, MAX_WAYS);
}
