import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { InteractionForEdit } from '../../../../shared/api/contract.ts';
import type { EventId } from '../../../../shared/domain/ids.ts';
import { DIRECTIONS, INTERACTION_KINDS, InteractionDraftSchema, WEIGHTS, type Direction, type InteractionKind } from '../../../../shared/domain/interaction.ts';
import { EMPTY_NOTE } from '../../../../shared/domain/note.ts';
import { useApiMutation } from '../../api/hooks.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Field, SelectField } from '../../ui/Field.tsx';
import { fromDateInput, fromDateTimeInput, toDateInput, toDateTimeInput } from '../../ui/format.ts';
import type { TranslationKey } from '../../ui/translate.ts';
import { ContactPicker, type PickedContact } from '../contacts/ContactPicker.tsx';
import { NoteEditor, type NoteState } from '../contacts/NoteEditor.tsx';
import { validationErrors } from '../../ui/validation.ts';

interface InteractionFormProps {
  /** Editing this interaction; logging a new one when absent. */
  readonly interaction?: InteractionForEdit & { readonly contactNames: Readonly<Record<string, string>> };
  /** People preselected for a new interaction (the contact whose page this is). */
  readonly contacts?: readonly PickedContact[];
  readonly eventId?: EventId | null;
  readonly onSaved: () => void;
  readonly onCancel?: () => void;
  /** The quick form on a contact's page: the essentials first, the rest behind "More". */
  readonly quick?: boolean;
  /** What a new interaction starts as (a thank-you when the coach says one is owed). */
  readonly preset?: { readonly kind?: InteractionKind; readonly direction?: Direction; readonly summary?: string };
}

interface State {
  contacts: PickedContact[];
  occurredAt: string;
  kind: InteractionKind;
  direction: Direction;
  weight: 1 | 2 | 3;
  summary: string;
  note: NoteState;
  followUpText: string;
  followUpDue: string;
  followUpDone: boolean;
}

function initialState(props: InteractionFormProps): State {
  const existing = props.interaction;
  if (existing) {
    const { masked, ...note } = existing.note as typeof existing.note & { text?: string; length?: number };
    return {
      contacts: existing.contactIds.map((id) => ({ id, name: existing.contactNames[id] ?? '…' })),
      occurredAt: toDateTimeInput(existing.occurredAt),
      kind: existing.kind,
      direction: existing.direction,
      weight: existing.weight,
      summary: existing.summary,
      note: masked ? { ...EMPTY_NOTE, ...note, text: '', keepStoredText: true } : { ...EMPTY_NOTE, ...note, text: note.text ?? '' },
      followUpText: existing.followUp?.text ?? '',
      followUpDue: existing.followUp ? toDateInput(existing.followUp.dueAt) : '',
      followUpDone: existing.followUp?.done ?? false,
    };
  }
  const { kind = 'meeting', direction = 'mutual', summary = '' } = props.preset ?? {};
  return { contacts: [...(props.contacts ?? [])], occurredAt: toDateTimeInput(Date.now()), kind, direction, weight: 1, summary, note: EMPTY_NOTE, followUpText: '', followUpDue: '', followUpDone: false };
}

/** Logs (or edits) an interaction: who, when, what kind, who gave to whom, what was said, what to follow up. */
export function InteractionForm(props: InteractionFormProps) {
  const { t } = useTranslation();
  const add = useApiMutation('addInteraction');
  const update = useApiMutation('updateInteraction');
  const [state, setState] = useState<State>(() => initialState(props));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [more, setMore] = useState(!props.quick);
  const set = (patch: Partial<State>) => setState((current) => ({ ...current, ...patch }));
  const errorOf = (path: string) => (errors[path] ? t(errors[path] as TranslationKey) : undefined);
  const names = Object.fromEntries(state.contacts.map((c) => [c.id, c.name]));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const { keepStoredText, ...note } = state.note;
    const draft = {
      contactIds: state.contacts.map((c) => c.id),
      occurredAt: state.occurredAt ? fromDateTimeInput(state.occurredAt) : Number.NaN,
      kind: state.kind,
      direction: state.direction,
      weight: state.weight,
      summary: state.summary,
      note,
      eventId: props.interaction?.eventId ?? props.eventId ?? null,
      followUp: state.followUpText.trim() ? { text: state.followUpText.trim(), dueAt: state.followUpDue ? fromDateInput(state.followUpDue) : Date.now() + 86_400_000, done: state.followUpDone } : null,
    };
    const found = validationErrors(InteractionDraftSchema, draft);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const done = () => {
      if (!props.interaction) setState(initialState(props));
      props.onSaved();
    };
    if (props.interaction) update.mutate({ id: props.interaction.id, draft, keepNoteText: Boolean(keepStoredText && !note.text) }, { onSuccess: done });
    else add.mutate(draft, { onSuccess: done });
  };

  return (
    <form className="interaction-form stack" onSubmit={onSubmit} noValidate aria-busy={add.isPending || update.isPending}>
      {more ? <ContactPicker label={t('interaction.contacts')} multiple value={state.contacts} error={errorOf('contactIds')} onChange={(contacts) => set({ contacts })} /> : null}
      <div className={props.quick ? 'grid-2' : 'grid-3'}>
        <Field label={t('interaction.occurredAt')} type="datetime-local" value={state.occurredAt} error={errorOf('occurredAt')} onChange={(e) => set({ occurredAt: e.target.value })} />
        <SelectField label={t('interaction.kind.label')} value={state.kind} onChange={(e) => set({ kind: e.target.value as InteractionKind })}>
          {INTERACTION_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`interaction.kind.${kind}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('interaction.direction.label')} value={state.direction} hint={t(`interaction.direction.hint.${state.direction}`)} onChange={(e) => set({ direction: e.target.value as Direction })}>
          {DIRECTIONS.map((direction) => (
            <option key={direction} value={direction}>
              {t(`interaction.direction.${direction}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <Field label={t('interaction.summary')} value={state.summary} maxLength={300} error={errorOf('summary')} onChange={(e) => set({ summary: e.target.value })} />
      {more ? (
        <>
      <div className="grid-2">
        <SelectField label={t('interaction.weight.label')} value={String(state.weight)} onChange={(e) => set({ weight: Number(e.target.value) as 1 | 2 | 3 })}>
          {WEIGHTS.map((weight) => (
            <option key={weight} value={weight}>
              {t(`interaction.weight.${weight}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <NoteEditor label={t('interaction.note')} value={state.note} names={names} compact onChange={(note) => set({ note })} />
      <div className="grid-2">
        <Field label={t('interaction.followUp.text')} value={state.followUpText} maxLength={300} placeholder={t('interaction.followUp.placeholder')} onChange={(e) => set({ followUpText: e.target.value })} />
        <Field label={t('interaction.followUp.due')} type="date" value={state.followUpDue} onChange={(e) => set({ followUpDue: e.target.value })} />
      </div>
      {props.interaction?.followUp ? (
        <label className="check">
          <input type="checkbox" checked={state.followUpDone} onChange={(e) => set({ followUpDone: e.target.checked })} />
          {t('interaction.followUp.done')}
        </label>
      ) : null}
        </>
      ) : (
        <button type="button" className="link-button align-start" aria-expanded={false} onClick={() => setMore(true)}>
          {t('interaction.more')}
        </button>
      )}
      <ErrorMessage error={add.error ?? update.error} />
      <div className="form-actions">
        {props.onCancel ? (
          <button type="button" onClick={props.onCancel}>
            {t('common.cancel')}
          </button>
        ) : null}
        <button type="submit" className="primary" disabled={add.isPending || update.isPending}>
          {props.interaction ? t('common.save') : t('interaction.log')}
        </button>
      </div>
    </form>
  );
}
