import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isRomaji, toHiragana } from 'wanakana';
import { CADENCES, CHANNEL_KINDS, ContactDraftSchema, ROLES, STAGES, UNDERSTANDING_FIELDS, type ContactDetail, type Role } from '../../../../shared/domain/contact.ts';
import type { ContactId } from '../../../../shared/domain/ids.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { Dialog, DialogActions } from '../../ui/Dialog.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Field, SelectField, TextAreaField } from '../../ui/Field.tsx';
import { type TranslationKey } from '../../ui/translate.ts';
import { GoalLinksField } from '../goals/GoalLinks.tsx';
import { ContactPicker } from './ContactPicker.tsx';
import { draftFromForm, EMPTY_FORM, formFromContact, type ContactFormState } from './contact-form-state.ts';
import { NoteEditor } from './NoteEditor.tsx';
import { validationErrors } from '../../ui/validation.ts';

interface ContactFormProps {
  readonly open: boolean;
  readonly onClose: () => void;
  readonly onSaved: (id: ContactId) => void;
  /** Editing this contact; adding a new one when absent. */
  readonly contact?: ContactDetail;
}

type Errors = Record<string, string>;

/** Kana fields take romaji too: "tanaka" becomes たなか when the field is left. */
function kanaOnBlur(value: string): string {
  return value && isRomaji(value) && /[a-z]/i.test(value) ? toHiragana(value.toLowerCase()) : value;
}

export function ContactForm({ open, onClose, onSaved, contact }: ContactFormProps) {
  // The body mounts each time the dialog opens, so it starts from the contact as it is now.
  return (
    <Dialog open={open} onClose={onClose} labelledBy="contact-form-title" wide>
      <ContactFormBody onClose={onClose} onSaved={onSaved} {...(contact && { contact })} />
    </Dialog>
  );
}

function ContactFormBody({ onClose, onSaved, contact }: Omit<ContactFormProps, 'open'>) {
  const { t } = useTranslation();
  const add = useApiMutation('addContact');
  const update = useApiMutation('updateContact');
  const events = useApiQuery('listEvents', { offset: 0, limit: 200 });
  const [form, setForm] = useState<ContactFormState>(() => (contact ? formFromContact(contact) : EMPTY_FORM));
  const [errors, setErrors] = useState<Errors>({});

  const set = (patch: Partial<ContactFormState>) => setForm((current) => ({ ...current, ...patch }));
  const errorOf = (path: string) => (errors[path] ? t(errors[path] as TranslationKey) : undefined);
  const names = contact?.names ?? {};
  const saving = add.isPending || update.isPending;
  const titleId = 'contact-form-title';

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const { draft, keepText } = draftFromForm(form, contact);
    const found = validationErrors(ContactDraftSchema, draft);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    if (contact) update.mutate({ id: contact.id, draft, keepText }, { onSuccess: () => onSaved(contact.id) });
    else add.mutate(draft, { onSuccess: (saved) => onSaved(saved.id) });
  };

  const companyChanged = contact && contact.company && (contact.company !== form.company || contact.title !== form.title);
  const toggleRole = (role: Role, on: boolean) => set({ roles: on ? [...(form.roles ?? []), role] : (form.roles ?? []).filter((r) => r !== role) });

  return (
    <form className="dialog-body" onSubmit={onSubmit} noValidate aria-busy={saving}>
        <h2 id={titleId}>{contact ? t('contact.edit') : t('contacts.add')}</h2>
        {Object.keys(errors).length > 0 ? (
          <p className="error-banner" role="alert">
            {t('validation.fixFields', { count: Object.keys(errors).length })}
          </p>
        ) : null}

        <section className="form-section" aria-labelledby="section-name">
          <h3 id="section-name">{t('contact.sections.name')}</h3>
          <div className="grid-2">
            <Field label={t('contact.familyName')} autoFocus autoComplete="off" maxLength={100} value={form.familyName} error={errorOf('familyName')} onChange={(e) => set({ familyName: e.target.value })} />
            <Field label={t('contact.givenName')} autoComplete="off" maxLength={100} value={form.givenName} error={errorOf('givenName')} onChange={(e) => set({ givenName: e.target.value })} />
            <Field
              label={t('contact.familyNameKana')}
              lang="ja"
              autoComplete="off"
              maxLength={100}
              value={form.familyNameKana}
              hint={t('contact.kanaHint')}
              error={errorOf('familyNameKana')}
              onChange={(e) => set({ familyNameKana: e.target.value })}
              onBlur={(e) => set({ familyNameKana: kanaOnBlur(e.target.value) })}
            />
            <Field
              label={t('contact.givenNameKana')}
              lang="ja"
              autoComplete="off"
              maxLength={100}
              value={form.givenNameKana}
              error={errorOf('givenNameKana')}
              onChange={(e) => set({ givenNameKana: e.target.value })}
              onBlur={(e) => set({ givenNameKana: kanaOnBlur(e.target.value) })}
            />
          </div>
        </section>

        <section className="form-section" aria-labelledby="section-work">
          <h3 id="section-work">{t('contact.sections.work')}</h3>
          <div className="grid-2">
            <Field label={t('contact.company')} autoComplete="off" maxLength={200} value={form.company} error={errorOf('company')} onChange={(e) => set({ company: e.target.value })} />
            <Field label={t('contact.companyKana')} lang="ja" autoComplete="off" maxLength={100} value={form.companyKana ?? ''} error={errorOf('companyKana')} onChange={(e) => set({ companyKana: e.target.value })} onBlur={(e) => set({ companyKana: kanaOnBlur(e.target.value) })} />
            <Field label={t('contact.department')} autoComplete="off" maxLength={200} value={form.department ?? ''} onChange={(e) => set({ department: e.target.value })} />
            <Field label={t('contact.title')} autoComplete="off" maxLength={200} value={form.title} error={errorOf('title')} onChange={(e) => set({ title: e.target.value })} />
          </div>
          {companyChanged ? (
            <label className="check">
              <input type="checkbox" checked={form.recordMove} onChange={(e) => set({ recordMove: e.target.checked })} />
              {t('contact.history.recordMove', { company: contact.company, title: contact.title })}
            </label>
          ) : null}
          {(form.history ?? []).length > 0 ? (
            <ul className="history-list" aria-label={t('contact.sections.history')}>
              {(form.history ?? []).map((position, index) => (
                <li key={index}>
                  <span>{[position.company, position.department, position.title].filter(Boolean).join(' · ')}</span>
                  <span className="meta">{[position.from, position.until].filter(Boolean).join(' – ')}</span>
                  <button type="button" className="link-button" onClick={() => set({ history: (form.history ?? []).filter((_, i) => i !== index) })}>
                    {t('common.remove')}
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </section>

        <section className="form-section" aria-labelledby="section-channels">
          <h3 id="section-channels">{t('contact.sections.channels')}</h3>
          {(form.channels ?? []).map((channel, index) => (
            <div key={index} className="channel-row">
              <SelectField label={t('contact.channels.kind')} value={channel.kind} onChange={(e) => set({ channels: (form.channels ?? []).map((c, i) => (i === index ? { ...c, kind: e.target.value as typeof c.kind } : c)) })}>
                {CHANNEL_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`contact.channels.kinds.${kind}`)}
                  </option>
                ))}
              </SelectField>
              <Field label={t('contact.channels.value')} value={channel.value} error={errorOf(`channels.${index}.value`)} onChange={(e) => set({ channels: (form.channels ?? []).map((c, i) => (i === index ? { ...c, value: e.target.value } : c)) })} />
              <button type="button" className="link-button" onClick={() => set({ channels: (form.channels ?? []).filter((_, i) => i !== index) })}>
                {t('common.remove')}
              </button>
            </div>
          ))}
          <button type="button" onClick={() => set({ channels: [...(form.channels ?? []), { kind: 'email', value: '', label: '' }] })}>
            {t('contact.channels.add')}
          </button>
          <Field label={t('contact.birthday')} placeholder={t('contact.birthdayPlaceholder')} value={form.birthday ?? ''} error={errorOf('birthday')} onChange={(e) => set({ birthday: e.target.value.trim() })} />
        </section>

        <section className="form-section" aria-labelledby="section-met">
          <h3 id="section-met">{t('contact.sections.howWeMet')}</h3>
          <div className="grid-2">
            <Field label={t('contact.howWeMet.date')} type="date" value={form.howWeMet?.date ?? ''} error={errorOf('howWeMet.date')} onChange={(e) => set({ howWeMet: { ...form.howWeMet!, date: e.target.value } })} />
            <SelectField label={t('contact.howWeMet.event')} value={form.howWeMet?.eventId ?? ''} onChange={(e) => set({ howWeMet: { ...form.howWeMet!, eventId: (e.target.value || null) as never } })}>
              <option value="">{t('common.none')}</option>
              {events.data?.items.map((event) => (
                <option key={event.id} value={event.id}>
                  {event.title}
                </option>
              ))}
            </SelectField>
          </div>
          <ContactPicker
            label={t('contact.howWeMet.introducedBy')}
            value={form.howWeMet?.introducedBy ? [{ id: form.howWeMet.introducedBy as ContactId, name: names[form.howWeMet.introducedBy] ?? '…' }] : []}
            onChange={(picked) => set({ howWeMet: { ...form.howWeMet!, introducedBy: picked[0]?.id ?? null } })}
          />
          <TextAreaField label={t('contact.howWeMet.note')} value={form.howWeMet?.note ?? ''} rows={2} onChange={(e) => set({ howWeMet: { ...form.howWeMet!, note: e.target.value } })} />
        </section>

        <section className="form-section" aria-labelledby="section-relationship">
          <h3 id="section-relationship">{t('contact.sections.relationship')}</h3>
          <div className="grid-2">
            <SelectField label={t('contact.stage.label')} value={form.stage ?? 'acquainted'} onChange={(e) => set({ stage: e.target.value as (typeof STAGES)[number] })}>
              {STAGES.map((stage) => (
                <option key={stage} value={stage}>
                  {t(`contact.stage.${stage}`)}
                </option>
              ))}
            </SelectField>
            <SelectField label={t('contact.cadence.label')} value={String(form.cadenceDays ?? 0)} onChange={(e) => set({ cadenceDays: Number(e.target.value) as (typeof CADENCES)[number] })}>
              {CADENCES.map((days) => (
                <option key={days} value={days}>
                  {days === 0 ? t('contact.cadence.none') : t('contact.cadence.days', { count: days })}
                </option>
              ))}
            </SelectField>
          </div>
          <fieldset className="closeness">
            <legend>{t('contact.closeness.label')}</legend>
            {[1, 2, 3, 4, 5].map((level) => (
              <label key={level} className="closeness-option">
                <input type="radio" name="closeness" value={level} checked={form.closeness === level} onChange={() => set({ closeness: level })} />
                <span>
                  {level} <small>{t(`contact.closeness.${level as 1 | 2 | 3 | 4 | 5}`)}</small>
                </span>
              </label>
            ))}
          </fieldset>
          <fieldset className="roles">
            <legend>{t('contact.roles.label')}</legend>
            {ROLES.map((role) => (
              <label key={role} className="check">
                <input type="checkbox" checked={(form.roles ?? []).includes(role)} onChange={(e) => toggleRole(role, e.target.checked)} />
                {t(`contact.roles.${role}`)}
              </label>
            ))}
          </fieldset>
          <Field label={t('contact.tags.label')} hint={t('contact.tags.hint')} value={form.tagsText} error={errorOf('tags')} onChange={(e) => set({ tagsText: e.target.value })} />
          {contact ? (
            <label className="check">
              <input type="checkbox" checked={form.archived ?? false} onChange={(e) => set({ archived: e.target.checked })} />
              {t('contact.archivedLabel')}
            </label>
          ) : null}
        </section>

        <GoalLinksField value={form.goalLinks ?? []} onChange={(goalLinks) => set({ goalLinks })} />

        <section className="form-section" aria-labelledby="section-understanding">
          <h3 id="section-understanding">{t('contact.sections.understanding')}</h3>
          <p className="field-hint">{t('contact.understanding.lead')}</p>
          {UNDERSTANDING_FIELDS.map((field) => (
            <NoteEditor key={field} compact label={t(`contact.understanding.${field}`)} value={form.understanding[field]} names={names} onChange={(note) => set({ understanding: { ...form.understanding, [field]: note } })} />
          ))}
        </section>

        <section className="form-section" aria-labelledby="section-notes">
          <h3 id="section-notes">{t('contact.sections.notes')}</h3>
          {form.notes.map((note, index) => (
            <div key={note.id ?? `new-${index}`} className="note-row">
              <Field label={t('contact.notes.date')} type="date" value={note.date} error={errorOf(`notes.${index}.date`)} onChange={(e) => set({ notes: form.notes.map((n, i) => (i === index ? { ...n, date: e.target.value } : n)) })} />
              <NoteEditor label={t('contact.notes.note', { number: index + 1 })} value={note} names={names} error={errorOf(`notes.${index}.text`)} onChange={(changed) => set({ notes: form.notes.map((n, i) => (i === index ? { ...n, ...changed } : n)) })} />
              <button type="button" className="link-button" onClick={() => set({ notes: form.notes.filter((_, i) => i !== index) })}>
                {t('common.remove')}
              </button>
            </div>
          ))}
          <button type="button" onClick={() => set({ notes: [...form.notes, { text: '', confidentiality: 'normal', toldBy: null, audience: 'anyone', audienceIds: [], date: new Date().toISOString().slice(0, 10) }] })}>
            {t('contact.notes.add')}
          </button>
        </section>

        <ErrorMessage error={add.error ?? update.error} />
        <DialogActions onCancel={onClose} saving={saving} sticky />
    </form>
  );
}
