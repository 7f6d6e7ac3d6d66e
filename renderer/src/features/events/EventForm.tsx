import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EVENT_KINDS, EventDraftSchema, type EventDetail, type EventKind } from '../../../../shared/domain/event.ts';
import type { EventId } from '../../../../shared/domain/ids.ts';
import { EMPTY_NOTE } from '../../../../shared/domain/note.ts';
import { useApiMutation } from '../../api/hooks.ts';
import { Dialog, DialogActions } from '../../ui/Dialog.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Field, SelectField } from '../../ui/Field.tsx';
import { fromDateInput, fromDateTimeInput, toDateInput, toDateTimeInput } from '../../ui/format.ts';
import type { TranslationKey } from '../../ui/translate.ts';
import { GoalLinksField } from '../goals/GoalLinks.tsx';
import { ContactPicker, type PickedContact } from '../contacts/ContactPicker.tsx';
import { NoteEditor, type NoteState } from '../contacts/NoteEditor.tsx';
import { validationErrors } from '../../ui/validation.ts';

interface State {
  title: string;
  kind: EventKind;
  startsAt: string;
  place: string;
  note: NoteState;
  attendees: PickedContact[];
  followUpText: string;
  followUpDue: string;
  followUpDone: boolean;
  goalLinks: string[];
}

function initial(event: EventDetail | undefined, defaultFollowUp: string): State {
  if (!event) {
    const start = new Date();
    start.setMinutes(0, 0, 0);
    return { title: '', kind: 'industry', startsAt: toDateTimeInput(start.getTime()), place: '', note: EMPTY_NOTE, attendees: [], followUpText: defaultFollowUp, followUpDue: toDateInput(start.getTime() + 86_400_000), followUpDone: false, goalLinks: [] };
  }
  const { masked, ...note } = event.note as typeof event.note & { text?: string };
  return {
    title: event.title,
    kind: event.kind,
    startsAt: toDateTimeInput(event.startsAt),
    place: event.place,
    note: masked ? { ...EMPTY_NOTE, ...note, text: '', keepStoredText: true } : { ...EMPTY_NOTE, ...note, text: note.text ?? '' },
    attendees: event.attendees.map((a) => ({ id: a.id, name: a.name })),
    followUpText: event.followUp?.text ?? '',
    followUpDue: event.followUp ? toDateInput(event.followUp.dueAt) : '',
    followUpDone: event.followUp?.done ?? false,
    goalLinks: [...event.goalLinks],
  };
}

/** An event and the people met there; each person met gets an interaction in their timeline. */
interface EventFormProps {
  readonly open: boolean;
  readonly event?: EventDetail;
  readonly onClose: () => void;
  readonly onSaved: (id: EventId) => void;
}

export function EventForm({ open, event, onClose, onSaved }: EventFormProps) {
  // The body mounts each time the dialog opens, so it starts from the event as it is now.
  return (
    <Dialog open={open} onClose={onClose} labelledBy="event-form-title" wide>
      <EventFormBody onClose={onClose} onSaved={onSaved} {...(event && { event })} />
    </Dialog>
  );
}

function EventFormBody({ event, onClose, onSaved }: Omit<EventFormProps, 'open'>) {
  const { t } = useTranslation();
  const add = useApiMutation('addEvent');
  const update = useApiMutation('updateEvent');
  const [state, setState] = useState<State>(() => initial(event, t('events.defaultFollowUp')));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (patch: Partial<State>) => setState((current) => ({ ...current, ...patch }));
  const errorOf = (path: string) => (errors[path] ? t(errors[path] as TranslationKey) : undefined);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const { keepStoredText, ...note } = state.note;
    const draft = {
      title: state.title,
      kind: state.kind,
      startsAt: state.startsAt ? fromDateTimeInput(state.startsAt) : Number.NaN,
      place: state.place,
      note,
      attendeeIds: state.attendees.map((a) => a.id),
      goalLinks: state.goalLinks,
      followUp: state.followUpText.trim() ? { text: state.followUpText.trim(), dueAt: state.followUpDue ? fromDateInput(state.followUpDue) : Date.now() + 86_400_000, done: state.followUpDone } : null,
    };
    const found = validationErrors(EventDraftSchema, draft);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    if (event) update.mutate({ id: event.id, draft, keepNoteText: Boolean(keepStoredText && !note.text) }, { onSuccess: () => onSaved(event.id) });
    else add.mutate(draft, { onSuccess: ({ id }) => onSaved(id) });
  };

  return (
    <form className="dialog-body" onSubmit={onSubmit} noValidate aria-busy={add.isPending || update.isPending}>
        <h2 id="event-form-title">{event ? t('events.edit') : t('events.add')}</h2>
        <div className="grid-2">
          <Field label={t('events.fields.title')} value={state.title} maxLength={200} autoFocus required error={errorOf('title')} onChange={(e) => set({ title: e.target.value })} />
          <SelectField label={t('events.kind.label')} value={state.kind} onChange={(e) => set({ kind: e.target.value as EventKind })}>
            {EVENT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`events.kind.${kind}`)}
              </option>
            ))}
          </SelectField>
          <Field label={t('events.fields.startsAt')} type="datetime-local" value={state.startsAt} error={errorOf('startsAt')} onChange={(e) => set({ startsAt: e.target.value })} />
          <Field label={t('events.fields.place')} value={state.place} maxLength={300} onChange={(e) => set({ place: e.target.value })} />
        </div>
        <ContactPicker label={t('events.fields.attendees')} multiple value={state.attendees} onChange={(attendees) => set({ attendees })} />
        <p className="field-hint">{t('events.attendeesHint')}</p>
        <NoteEditor label={t('events.fields.note')} value={state.note} names={Object.fromEntries(state.attendees.map((a) => [a.id, a.name]))} compact onChange={(note) => set({ note })} />
        <div className="grid-2">
          <Field label={t('interaction.followUp.text')} value={state.followUpText} maxLength={300} onChange={(e) => set({ followUpText: e.target.value })} />
          <Field label={t('interaction.followUp.due')} type="date" value={state.followUpDue} onChange={(e) => set({ followUpDue: e.target.value })} />
        </div>
        {event?.followUp ? (
          <label className="check">
            <input type="checkbox" checked={state.followUpDone} onChange={(e) => set({ followUpDone: e.target.checked })} />
            {t('interaction.followUp.done')}
          </label>
        ) : null}
        <GoalLinksField lead={t('goals.link.eventLead')} value={state.goalLinks} onChange={(goalLinks) => set({ goalLinks })} />
        <ErrorMessage error={add.error ?? update.error} />
        <DialogActions onCancel={onClose} saving={add.isPending || update.isPending} />
    </form>
  );
}
