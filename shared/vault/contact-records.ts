/**
 * Contacts as stored (ContactRecord) and as the domain sees them: drafts, summaries, search fields, notes.
 */
import {
  CADENCES,
  CHANNEL_KINDS,
  ROLES,
  STAGES,
  UNDERSTANDING_FIELDS,
  type ContactDraft,
  type ContactNote,
  type ContactSummary,
  type Role,
  type Stage,
} from '../domain/contact.ts';
import type { ContactId, EventId, NoteId } from '../domain/ids.ts';
import type { Note } from '../domain/note.ts';
import {
  goalLinksOf,
  isEmptyNote,
  members,
  noteOf,
  noteRecord,
  oneOf,
  put,
  putMembers,
  same,
  scalar,
  text,
  type ContactRecord,
  type NoteRecord,
} from './documents.ts';



/** The record's value of each field, as the domain sees it (optional fields at their defaults). */
export function contactDraftOf(record: ContactRecord): ContactDraft {
  const understanding = Object.fromEntries(UNDERSTANDING_FIELDS.map((field) => [field, noteOf(record.understanding?.[field])])) as ContactDraft['understanding'];
  return {
    ...identityOf(record),
    history: (record.history ?? []).map((p) => ({ company: text(p.company), department: text(p.department), title: text(p.title), from: text(p.from), until: text(p.until) })),
    channels: (record.channels ?? []).map((c) => ({ kind: oneOf(c.kind, CHANNEL_KINDS, 'other'), value: text(c.value), label: text(c.label) })),
    birthday: text(record.birthday),
    howWeMet: {
      date: text(record.howWeMet?.date),
      eventId: record.howWeMet?.eventId ? (text(record.howWeMet.eventId) as EventId) : null,
      introducedBy: record.howWeMet?.introducedBy ? (text(record.howWeMet.introducedBy) as ContactId) : null,
      note: text(record.howWeMet?.note),
    },
    ...standingOf(record),
    understanding,
    notes: contactNotesOf(record),
    archived: record.archived ?? false,
  };
}

/** Name, reading, company and title: what both a summary and the full draft show first. */
function identityOf(record: ContactRecord) {
  return {
    familyName: text(record.familyName),
    givenName: text(record.givenName),
    familyNameKana: text(record.familyNameKana),
    givenNameKana: text(record.givenNameKana),
    company: text(record.company),
    companyKana: text(record.companyKana),
    department: text(record.department),
    title: text(record.title),
  };
}

/** Where the relationship stands; values a newer or damaged document might hold fall back to defaults. */
function standingOf(record: ContactRecord) {
  return {
    stage: oneOf<Stage>(record.stage, STAGES, 'acquainted'),
    closeness: Math.min(5, Math.max(1, record.closeness ?? 2)),
    roles: members(record.roles).filter((role): role is Role => (ROLES as readonly string[]).includes(role)),
    tags: members(record.tags),
    cadenceDays: (CADENCES as readonly number[]).includes(record.cadenceDays ?? 0) ? ((record.cadenceDays ?? 0) as ContactDraft['cadenceDays']) : 0,
    goalLinks: goalLinksOf(record.goalLinks),
  };
}

export function contactNotesOf(record: ContactRecord): ContactNote[] {
  return Object.entries(record.notes ?? {})
    .map(([id, note]) => ({ ...noteOf(note), id: id as NoteId, date: text(note.date), createdAt: note.createdAt ?? 0 }))
    .sort((a, b) => b.date.localeCompare(a.date) || b.createdAt - a.createdAt)
    .map(({ createdAt: _createdAt, ...note }) => note);
}

export function contactRecord(draft: ContactDraft, now: number, newNoteId: () => NoteId): ContactRecord {
  // Born with their sets' lists: two devices giving an old contact its first tag at once would each create
  // the list, and one list would win.
  const record = { createdAt: now, updatedAt: now, tags: [], roles: [], goalLinks: [] } as unknown as ContactRecord;
  writeContactDraft(record, draft, now, newNoteId);
  return record;
}


/**
 * Writes a draft into a record, touching only the fields that differ, so that concurrent edits of
 * other fields on another device merge instead of being overwritten.
 */
export function writeContactDraft(record: ContactRecord, draft: ContactDraft, now: number, newNoteId: () => NoteId): void {
  const current = record.familyName === undefined ? undefined : contactDraftOf(record);
  const changed = <K extends keyof ContactDraft>(field: K) => !current || !same(current[field], draft[field]);
  // Format 1.0's fields are always present; later ones only when they hold something.
  for (const field of ['familyName', 'givenName', 'familyNameKana', 'givenNameKana', 'company', 'title'] as const) {
    if (current?.[field] !== draft[field]) record[field] = scalar(draft[field]);
  }
  for (const field of ['companyKana', 'department', 'birthday'] as const) {
    if (changed(field)) put(record, field, draft[field] ? scalar(draft[field]) : undefined);
  }
  if (changed('history')) {
    put(record, 'history', draft.history.length ? draft.history.map((p) => ({ company: scalar(p.company), department: scalar(p.department), title: scalar(p.title), from: scalar(p.from), until: scalar(p.until) })) : undefined);
  }
  if (changed('channels')) put(record, 'channels', draft.channels.length ? draft.channels.map((c) => ({ kind: scalar(c.kind), value: scalar(c.value), label: scalar(c.label) })) : undefined);
  if (changed('howWeMet')) {
    const { date, eventId, introducedBy, note } = draft.howWeMet;
    const empty = !date && !eventId && !introducedBy && !note;
    put(record, 'howWeMet', empty ? undefined : { date: scalar(date), eventId: eventId ? scalar(eventId) : null, introducedBy: introducedBy ? scalar(introducedBy) : null, note: scalar(note) });
  }
  if (changed('stage')) put(record, 'stage', draft.stage === 'acquainted' ? undefined : scalar(draft.stage));
  if (changed('closeness')) put(record, 'closeness', draft.closeness === 2 ? undefined : draft.closeness);
  if (changed('roles')) putMembers(record, 'roles', draft.roles);
  if (changed('tags')) putMembers(record, 'tags', draft.tags);
  if (changed('cadenceDays')) put(record, 'cadenceDays', draft.cadenceDays || undefined);
  if (changed('goalLinks')) putMembers(record, 'goalLinks', draft.goalLinks);
  if (changed('archived')) put(record, 'archived', draft.archived || undefined);

  if (changed('understanding')) {
    const understanding: Record<string, NoteRecord> = {};
    for (const field of UNDERSTANDING_FIELDS) if (!isEmptyNote(draft.understanding[field])) understanding[field] = noteRecord(draft.understanding[field]);
    if (Object.keys(understanding).length === 0) {
      put(record, 'understanding', undefined);
    } else {
      record.understanding ??= {};
      for (const field of UNDERSTANDING_FIELDS) {
        if (current && same(current.understanding[field], draft.understanding[field])) continue;
        put(record.understanding, field, understanding[field]);
      }
    }
  }

  // Notes are a map by id: a note edited here and another edited elsewhere both survive.
  const kept = new Set<string>();
  const currentNotes = new Map((current?.notes ?? []).map((note) => [note.id, note]));
  for (const note of draft.notes as (ContactDraft['notes'][number] & { id?: NoteId })[]) {
    const id = note.id && currentNotes.has(note.id) ? note.id : newNoteId();
    kept.add(id);
    const { id: _id, date, ...body } = note;
    const existing = currentNotes.get(id);
    if (existing && same({ ...existing, id: undefined }, { ...body, date, id: undefined })) continue;
    record.notes ??= {};
    const target = record.notes[id];
    if (existing && target) {
      const next = noteRecord(body);
      if (existing.text !== body.text) target.text = next.text;
      put(target, 'confidentiality', next.confidentiality);
      put(target, 'toldBy', next.toldBy);
      put(target, 'audience', next.audience);
      put(target, 'audienceIds', next.audienceIds);
      target.date = scalar(date);
    } else {
      record.notes[id] = { ...noteRecord(body), date: scalar(date), createdAt: now };
    }
  }
  if (record.notes) {
    for (const id of Object.keys(record.notes)) if (!kept.has(id)) delete record.notes[id];
    if (Object.keys(record.notes).length === 0) delete record.notes;
  }
  record.updatedAt = now;
}

export function contactSummary(id: ContactId, record: ContactRecord): ContactSummary {
  return {
    id,
    ...identityOf(record),
    ...standingOf(record),
    birthday: text(record.birthday),
    archived: record.archived ?? false,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** What search and duplicate detection read of a contact beyond its summary (never sent to a list). */
export interface ContactSearchFields {
  readonly emails: readonly string[];
  readonly phones: readonly string[];
  /** Searchable text of notes and understanding, normal and private. */
  readonly openText: string;
  /** Searchable text of confidential notes: matched, never shown. */
  readonly confidentialText: string;
}

export function contactSearchFields(record: ContactRecord): ContactSearchFields {
  const draft = contactDraftOf(record);
  const notes: Note[] = [...UNDERSTANDING_FIELDS.map((field) => draft.understanding[field]), ...draft.notes];
  return {
    emails: draft.channels.filter((c) => c.kind === 'email').map((c) => c.value.trim().toLowerCase()),
    phones: draft.channels.filter((c) => c.kind === 'phone').map((c) => c.value.replace(/\D/g, '').replace(/^0081|^81/, '0')).filter((phone) => phone.length >= 7),
    openText: [draft.howWeMet.note, ...draft.channels.map((c) => c.value), ...draft.history.map((p) => `${p.company} ${p.title}`), ...notes.filter((n) => n.confidentiality !== 'confidential').map((n) => n.text)].join('\n'),
    confidentialText: notes
      .filter((n) => n.confidentiality === 'confidential')
      .map((n) => n.text)
      .join('\n'),
  };
}
