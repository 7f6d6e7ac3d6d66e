import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UNDERSTANDING_FIELDS, type ContactDetail } from '../../../../shared/domain/contact.ts';
import type { ContactId } from '../../../../shared/domain/ids.ts';
import { displayName, displayReading, initials } from '../../../../shared/domain/names.ts';
import { callApi } from '../../api/client.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { hrefOf, navigate } from '../../navigation.ts';
import { ExternalLink } from '../../ui/ExternalLink.tsx';
import { ConfidentialText } from '../../ui/ConfidentialText.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { useDateFormat, useRelativeTime } from '../../ui/format.ts';
import { useToasts } from '../../ui/Toasts.tsx';
import { GoalChips } from '../goals/GoalLinks.tsx';
import { ContactInsightsCard } from '../reciprocity/ContactInsightsCard.tsx';
import { InteractionForm } from '../timeline/InteractionForm.tsx';
import { TimelineList } from '../timeline/TimelineList.tsx';
import { ContactForm } from './ContactForm.tsx';

export function ContactDetailView({ id }: { readonly id: ContactId }) {
  const { t } = useTranslation();
  const contact = useApiQuery('getContact', { id });
  const [editing, setEditing] = useState(false);
  const goals = useApiQuery('listGoals', {});
  const goalTitles: Record<string, string> = {};
  for (const goal of goals.data ?? []) {
    goalTitles[goal.id] = goal.title;
    for (const profile of goal.profiles) goalTitles[profile.id] = profile.title;
  }
  if (contact.error) return <ErrorMessage error={contact.error} />;
  if (!contact.data) return <div className="view" aria-busy="true" />;
  const person = contact.data;
  return (
    <section className="view contact-detail" aria-labelledby="contact-title">
      <a className="back-link" href={hrefOf({ view: 'contacts' })}>
        ← {t('contacts.title')}
      </a>
      <ContactHeader contact={person} onEdit={() => setEditing(true)} />
      <div className="detail-columns">
        <div className="detail-main">
          <Profile contact={person} />
        </div>
        <div className="detail-side">
          <ContactInsightsCard id={id} goalTitles={goalTitles} />
          <section className="card" aria-labelledby="log-title">
            <h2 id="log-title">{t('interaction.log')}</h2>
            <InteractionForm quick contacts={[{ id, name: displayName(person) }]} onSaved={() => undefined} />
          </section>
          <section className="card" aria-labelledby="contact-timeline-title">
            <h2 id="contact-timeline-title">{t('contact.timeline')}</h2>
            <TimelineList query={{ contactId: id }} label={t('contact.timeline')} emptyText={t('contact.noInteractions')} />
          </section>
        </div>
      </div>
      <ContactForm open={editing} contact={person} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />
    </section>
  );
}

function ContactHeader({ contact, onEdit }: { readonly contact: ContactDetail; readonly onEdit: () => void }) {
  const { t } = useTranslation();
  const relative = useRelativeTime();
  const archive = useApiMutation('setContactArchived');
  const remove = useApiMutation('deleteContact');
  const toasts = useToasts();
  const reading = displayReading(contact);
  const onDelete = () => {
    if (!window.confirm(t('contact.deleteConfirm', { name: displayName(contact) }))) return;
    remove.mutate(
      { id: contact.id },
      {
        onSuccess: ({ undoToken }) => {
          navigate({ view: 'contacts' });
          toasts.show(t('toast.contactDeleted', { name: displayName(contact) }), {
            label: t('common.undo'),
            run: () => void callApi('undo', { token: undoToken }).then(() => navigate({ view: 'contact', id: contact.id })),
          });
        },
      },
    );
  };
  return (
    <header className="contact-header">
      <span className="avatar large" aria-hidden="true">
        {initials(contact)}
      </span>
      <div className="contact-heading">
        {reading ? <p className="reading">{reading}</p> : null}
        <h1 id="contact-title">{displayName(contact)}</h1>
        <p className="contact-work-line">{[contact.company, contact.department, contact.title].filter(Boolean).join(' · ')}</p>
        <p className="badges">
          <span className={`stage-badge stage-${contact.stage}`}>{t(`contact.stage.${contact.stage}`)}</span>
          <span className="closeness-dots" aria-label={t('contact.closeness.value', { level: contact.closeness })}>
            {'●'.repeat(contact.closeness)}
            <span className="dim">{'●'.repeat(5 - contact.closeness)}</span>
          </span>
          {contact.roles.map((role) => (
            <span key={role} className="role-badge">
              {t(`contact.roles.${role}`)}
            </span>
          ))}
          {contact.tags.map((tag) => (
            <span key={tag} className="tag">
              #{tag}
            </span>
          ))}
          {contact.archived ? <span className="archived-badge">{t('contact.archived')}</span> : null}
        </p>
        <p className="meta">
          {contact.lastInteractionAt === null ? t('contacts.never') : t('contact.lastContact', { when: relative(contact.lastInteractionAt) })} · {t('contact.interactionCount', { count: contact.interactionCount })}
        </p>
      </div>
      <div className="header-actions">
        <button type="button" className="primary" onClick={onEdit}>
          {t('common.edit')}
        </button>
        <a className="button" href={hrefOf({ view: 'introduce', first: contact.id })}>
          {t('introductions.open')}
        </a>
        <button type="button" onClick={() => archive.mutate({ id: contact.id, archived: !contact.archived })} disabled={archive.isPending}>
          {contact.archived ? t('common.unarchive') : t('common.archive')}
        </button>
        <button type="button" className="danger" onClick={onDelete} disabled={remove.isPending}>
          {t('common.delete')}
        </button>
        <ErrorMessage error={archive.error ?? remove.error} />
      </div>
    </header>
  );
}

function Profile({ contact }: { readonly contact: ContactDetail }) {
  const { t } = useTranslation();
  const format = useDateFormat();
  const { howWeMet } = contact;
  const metAny = howWeMet.date || howWeMet.note || howWeMet.introducedBy || howWeMet.eventId;
  const understood = UNDERSTANDING_FIELDS.filter((field) => {
    const note = contact.understanding[field];
    return note.masked || note.text;
  });
  return (
    <>
      <section className="card" aria-labelledby="profile-basics">
        <h2 id="profile-basics">{t('contact.sections.profile')}</h2>
        <dl className="facts">
          {contact.channels.map((channel, i) => (
            <div key={i}>
              <dt>{t(`contact.channels.kinds.${channel.kind}`)}</dt>
              <dd>
                <ExternalLink href={channel.value} />
              </dd>
            </div>
          ))}
          {contact.birthday ? (
            <div>
              <dt>{t('contact.birthday')}</dt>
              <dd>{contact.birthday.replace(/^--/, '')}</dd>
            </div>
          ) : null}
          {contact.goalLinks.length > 0 ? (
            <div>
              <dt>{t('goals.title')}</dt>
              <dd>
                <GoalChips links={contact.goalLinks} />
              </dd>
            </div>
          ) : null}
          {contact.cadenceDays ? (
            <div>
              <dt>{t('contact.cadence.label')}</dt>
              <dd>{t('contact.cadence.days', { count: contact.cadenceDays })}</dd>
            </div>
          ) : null}
          {metAny ? (
            <div>
              <dt>{t('contact.sections.howWeMet')}</dt>
              <dd>
                {[howWeMet.date, howWeMet.introducedBy ? t('contact.howWeMet.via', { name: contact.names[howWeMet.introducedBy] || t('timeline.deletedContact') }) : '', howWeMet.note].filter(Boolean).join(' · ')}
                {howWeMet.eventId ? (
                  <>
                    {' · '}
                    <a href={hrefOf({ view: 'event', id: howWeMet.eventId })}>{t('contact.howWeMet.eventLink')}</a>
                  </>
                ) : null}
              </dd>
            </div>
          ) : null}
          {contact.history.map((position, i) => (
            <div key={`h${i}`}>
              <dt>{t('contact.sections.history')}</dt>
              <dd>
                {[position.company, position.department, position.title].filter(Boolean).join(' · ')} <span className="meta">{[position.from, position.until].filter(Boolean).join(' – ')}</span>
              </dd>
            </div>
          ))}
        </dl>
        {contact.channels.length === 0 && !contact.birthday && !metAny && contact.history.length === 0 && contact.goalLinks.length === 0 ? <p className="meta">{t('contact.noProfile')}</p> : null}
      </section>
      <section className="card" aria-labelledby="profile-understanding">
        <h2 id="profile-understanding">{t('contact.sections.understanding')}</h2>
        {understood.length === 0 ? <p className="meta">{t('contact.understanding.empty')}</p> : null}
        {understood.map((field) => (
          <div key={field} className="understanding">
            <h3>{t(`contact.understanding.${field}`)}</h3>
            <ConfidentialText note={contact.understanding[field]} reveal={{ type: 'understanding', contactId: contact.id, field }} />
            <NoteSource contact={contact} note={contact.understanding[field]} />
          </div>
        ))}
      </section>
      <section className="card" aria-labelledby="profile-notes">
        <h2 id="profile-notes">{t('contact.sections.notes')}</h2>
        {contact.notes.length === 0 ? <p className="meta">{t('contact.notes.empty')}</p> : null}
        <ul className="notes-list">
          {contact.notes.map((note) => (
            <li key={note.id}>
              {note.date ? <time className="meta">{format.date(new Date(`${note.date}T12:00:00`).getTime())}</time> : null}
              <ConfidentialText note={note} reveal={{ type: 'contact-note', contactId: contact.id, noteId: note.id }} />
              <NoteSource contact={contact} note={note} />
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

/** Who told me and who may hear it, under a note that is not simply "normal". */
function NoteSource({ contact, note }: { readonly contact: ContactDetail; readonly note: ContactDetail['notes'][number] | ContactDetail['understanding']['needs'] }) {
  const { t } = useTranslation();
  if (note.confidentiality === 'normal' && !note.toldBy) return null;
  return (
    <p className={`note-source confidentiality-${note.confidentiality}`}>
      <span className="confidentiality-badge">{t(`note.confidentiality.${note.confidentiality}`)}</span>
      {note.toldBy ? ` · ${t('note.toldByName', { name: contact.names[note.toldBy] || t('timeline.deletedContact') })}` : ''}
      {note.confidentiality !== 'normal' ? ` · ${t(`note.audience.${note.audience}`)}` : ''}
    </p>
  );
}
