/** The contact form's state, and its conversions from a stored contact and to an API draft. */
import { UNDERSTANDING_FIELDS, type ContactDetail, type ContactDraftInput, type UnderstandingField } from '../../../../shared/domain/contact.ts';
import type { NoteId } from '../../../../shared/domain/ids.ts';
import { EMPTY_NOTE, type NoteView } from '../../../../shared/domain/note.ts';
import type { NoteState } from './NoteEditor.tsx';

export interface ContactFormState extends Omit<ContactDraftInput, 'understanding' | 'notes' | 'tags'> {
  understanding: Record<UnderstandingField, NoteState>;
  notes: (NoteState & { id?: NoteId; date: string })[];
  /** Tags as typed: separated by commas or spaces. */
  tagsText: string;
  /** On edit: keep the previous company and title in the history when they change (異動/転職). */
  recordMove: boolean;
}

export const EMPTY_FORM: ContactFormState = {
  familyName: '',
  givenName: '',
  familyNameKana: '',
  givenNameKana: '',
  company: '',
  companyKana: '',
  department: '',
  title: '',
  history: [],
  channels: [],
  birthday: '',
  howWeMet: { date: '', eventId: null, introducedBy: null, note: '' },
  stage: 'acquainted',
  closeness: 2,
  roles: [],
  understanding: { strengths: EMPTY_NOTE, values: EMPTY_NOTE, interests: EMPTY_NOTE, needs: EMPTY_NOTE },
  notes: [],
  tagsText: '',
  cadenceDays: 0,
  goalLinks: [],
  archived: false,
  recordMove: true,
};

function noteState(view: NoteView): NoteState {
  const { masked: _masked, ...rest } = view as NoteView & { text?: string; length?: number };
  const { length: _length, text, ...settings } = rest;
  return view.masked ? { ...settings, text: '', keepStoredText: true } : { ...settings, text: text ?? '' };
}

export function formFromContact(contact: ContactDetail): ContactFormState {
  return {
    familyName: contact.familyName,
    givenName: contact.givenName,
    familyNameKana: contact.familyNameKana,
    givenNameKana: contact.givenNameKana,
    company: contact.company,
    companyKana: contact.companyKana,
    department: contact.department,
    title: contact.title,
    history: contact.history,
    channels: contact.channels,
    birthday: contact.birthday,
    howWeMet: contact.howWeMet,
    stage: contact.stage,
    closeness: contact.closeness,
    roles: contact.roles,
    understanding: Object.fromEntries(UNDERSTANDING_FIELDS.map((field) => [field, noteState(contact.understanding[field])])) as ContactFormState['understanding'],
    notes: contact.notes.map((note) => ({ ...noteState(note), id: note.id, date: note.date })),
    tagsText: contact.tags.join(', '),
    cadenceDays: contact.cadenceDays,
    goalLinks: contact.goalLinks,
    archived: contact.archived,
    recordMove: true,
  };
}

export function splitTags(text: string): string[] {
  return [...new Set(text.split(/[,、，\s]+/).map((tag) => tag.trim()).filter(Boolean))];
}

const today = () => new Date().toISOString().slice(0, 10);

/** The draft to send, and which masked texts the vault must keep. */
export function draftFromForm(form: ContactFormState, original?: ContactDetail): { draft: ContactDraftInput; keepText: { understanding: UnderstandingField[]; notes: NoteId[] } } {
  const { tagsText, recordMove, understanding, notes, ...rest } = form;
  const strip = ({ keepStoredText: _keep, ...note }: NoteState) => note;
  const moved = original && recordMove && original.company && (original.company !== form.company || original.title !== form.title);
  const history = moved ? [{ company: original.company, department: original.department, title: original.title, from: '', until: today() }, ...(form.history ?? [])] : form.history;
  return {
    draft: {
      ...rest,
      history,
      tags: splitTags(tagsText),
      understanding: Object.fromEntries(UNDERSTANDING_FIELDS.map((field) => [field, strip(understanding[field])])),
      notes: notes.filter((note) => note.text.trim() || note.keepStoredText).map((note) => ({ ...strip(note), ...(note.id && { id: note.id }) })),
    },
    keepText: {
      understanding: UNDERSTANDING_FIELDS.filter((field) => understanding[field].keepStoredText && !understanding[field].text),
      notes: notes.filter((note) => note.keepStoredText && !note.text && note.id).map((note) => note.id!),
    },
  };
}
