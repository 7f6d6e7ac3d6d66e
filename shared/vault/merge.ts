/**
 * Merging two records of the same person. The kept contact wins where both have a value; nothing
 * of the other is lost: lists are united, differing texts are joined, its current position joins
 * the history, and every interaction and event moves over (see VaultData.merge).
 */
import { STAGES, UNDERSTANDING_FIELDS, type ContactDraft, type Position } from '../domain/contact.ts';
import { CONFIDENTIALITY, type Note } from '../domain/note.ts';

const stricter = (a: Note['confidentiality'], b: Note['confidentiality']) => (CONFIDENTIALITY.indexOf(a) >= CONFIDENTIALITY.indexOf(b) ? a : b);

function unite<T>(first: readonly T[], second: readonly T[], key: (item: T) => string = (item) => JSON.stringify(item)): T[] {
  const seen = new Set(first.map(key));
  return [...first, ...second.filter((item) => !seen.has(key(item)))];
}

function mergeNote(keep: Note, other: Note): Note {
  if (!other.text.trim() || other.text === keep.text) return keep;
  if (!keep.text.trim()) return other;
  return {
    text: `${keep.text}\n—\n${other.text}`,
    confidentiality: stricter(keep.confidentiality, other.confidentiality),
    toldBy: keep.toldBy ?? other.toldBy,
    audience: keep.audience === other.audience ? keep.audience : 'nobody',
    audienceIds: unite(keep.audienceIds, other.audienceIds),
  };
}

export function mergeContactDrafts(keep: ContactDraft, other: ContactDraft): ContactDraft {
  const pick = <K extends 'familyName' | 'givenName' | 'familyNameKana' | 'givenNameKana' | 'company' | 'companyKana' | 'department' | 'title' | 'birthday'>(field: K) => keep[field] || other[field];
  const otherPosition: Position[] =
    other.company && other.company !== keep.company ? [{ company: other.company, department: other.department, title: other.title, from: '', until: '' }] : [];
  const understanding = Object.fromEntries(UNDERSTANDING_FIELDS.map((field) => [field, mergeNote(keep.understanding[field], other.understanding[field])])) as ContactDraft['understanding'];
  return {
    familyName: pick('familyName'),
    givenName: pick('givenName'),
    familyNameKana: pick('familyNameKana'),
    givenNameKana: pick('givenNameKana'),
    company: pick('company'),
    companyKana: keep.company ? keep.companyKana : other.companyKana,
    department: keep.company ? keep.department : other.department,
    title: pick('title'),
    history: unite(keep.history, [...other.history, ...otherPosition]),
    channels: unite(keep.channels, other.channels, (c) => `${c.kind}:${c.value.trim().toLowerCase()}`),
    birthday: pick('birthday'),
    howWeMet: keep.howWeMet.date || keep.howWeMet.note || keep.howWeMet.eventId || keep.howWeMet.introducedBy ? keep.howWeMet : other.howWeMet,
    stage: STAGES[Math.max(STAGES.indexOf(keep.stage), STAGES.indexOf(other.stage))]!,
    closeness: Math.max(keep.closeness, other.closeness),
    roles: unite(keep.roles, other.roles),
    understanding,
    notes: [...keep.notes, ...other.notes.map(({ id: _id, ...note }) => note)],
    tags: unite(keep.tags, other.tags),
    cadenceDays: keep.cadenceDays || other.cadenceDays,
    goalLinks: unite(keep.goalLinks, other.goalLinks),
    archived: keep.archived && other.archived,
  };
}
