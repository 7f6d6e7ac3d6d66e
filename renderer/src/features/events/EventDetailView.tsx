import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventId } from '../../../../shared/domain/ids.ts';
import { callApi } from '../../api/client.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { hrefOf, navigate } from '../../navigation.ts';
import { ConfidentialText } from '../../ui/ConfidentialText.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { useDateFormat, useNow } from '../../ui/format.ts';
import { useToasts } from '../../ui/Toasts.tsx';
import { TimelineList } from '../timeline/TimelineList.tsx';
import { GoalChips } from '../goals/GoalLinks.tsx';
import { EventForm } from './EventForm.tsx';

export function EventDetailView({ id }: { readonly id: EventId }) {
  const { t } = useTranslation();
  const format = useDateFormat();
  const now = useNow();
  const event = useApiQuery('getEvent', { id });
  const remove = useApiMutation('deleteEvent');
  const toasts = useToasts();
  const [editing, setEditing] = useState(false);
  if (event.error) return <ErrorMessage error={event.error} />;
  if (!event.data) return <div className="view" aria-busy="true" />;
  const detail = event.data;
  const onDelete = () => {
    if (!window.confirm(t('events.deleteConfirm', { title: detail.title }))) return;
    remove.mutate(
      { id },
      {
        onSuccess: ({ undoToken }) => {
          navigate({ view: 'events' });
          toasts.show(t('toast.eventDeleted', { title: detail.title }), { label: t('common.undo'), run: () => void callApi('undo', { token: undoToken }) });
        },
      },
    );
  };
  return (
    <section className="view" aria-labelledby="event-title">
      <a className="back-link" href={hrefOf({ view: 'events' })}>
        ← {t('events.title')}
      </a>
      <header className="view-header">
        <div>
          <p className="meta">
            {format.dateTime(detail.startsAt)} · {t(`events.kind.${detail.kind}`)}
            {detail.place ? ` · ${detail.place}` : ''}
          </p>
          <h1 id="event-title">{detail.title}</h1>
          <GoalChips links={detail.goalLinks} />
        </div>
        <div className="header-actions">
          <button type="button" className="primary" onClick={() => setEditing(true)}>
            {t('common.edit')}
          </button>
          <button type="button" className="danger" onClick={onDelete} disabled={remove.isPending}>
            {t('common.delete')}
          </button>
        </div>
      </header>
      <div className="detail-columns">
        <div className="detail-main">
          <section className="card" aria-labelledby="event-people">
            <h2 id="event-people">{t('events.fields.attendees')}</h2>
            {detail.attendees.length === 0 ? <p className="meta">{t('events.noAttendees')}</p> : null}
            <ul className="people-list">
              {detail.attendees.map((person) => (
                <li key={person.id}>
                  <a href={hrefOf({ view: 'contact', id: person.id })}>{person.name || t('timeline.deletedContact')}</a>
                </li>
              ))}
            </ul>
            {detail.followUp ? (
              <p className={detail.followUp.done ? 'follow-up done' : detail.followUp.dueAt < now ? 'follow-up overdue' : 'follow-up'}>
                {t('interaction.followUp.label')}: {detail.followUp.text} · {format.date(detail.followUp.dueAt)}
              </p>
            ) : null}
          </section>
          <section className="card" aria-labelledby="event-notes">
            <h2 id="event-notes">{t('events.fields.note')}</h2>
            <ConfidentialText note={detail.note} reveal={{ type: 'event', id }} />
          </section>
        </div>
        <div className="detail-side">
          <section className="card" aria-labelledby="event-timeline">
            <h2 id="event-timeline">{t('events.timeline')}</h2>
            <TimelineList query={{ eventId: id }} label={t('events.timeline')} emptyText={t('events.noAttendees')} />
          </section>
        </div>
      </div>
      <EventForm open={editing} event={detail} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />
    </section>
  );
}
