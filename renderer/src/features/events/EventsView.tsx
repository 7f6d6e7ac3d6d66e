import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.ts';
import { hrefOf, navigate } from '../../navigation.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { useDateFormat, useNow } from '../../ui/format.ts';
import { EventForm } from './EventForm.tsx';

export function EventsView() {
  const { t } = useTranslation();
  const format = useDateFormat();
  const now = useNow();
  const events = useApiQuery('listEvents', { offset: 0, limit: 500 });
  const [adding, setAdding] = useState(false);
  return (
    <section className="view" aria-labelledby="events-title">
      <header className="view-header">
        <div>
          <h1 id="events-title">{t('events.title')}</h1>
          {events.data ? <p className="view-meta">{t('events.count', { count: events.data.total })}</p> : null}
        </div>
        <button type="button" className="primary" onClick={() => setAdding(true)}>
          {t('events.add')}
        </button>
      </header>
      <ErrorMessage error={events.error} />
      {events.data?.total === 0 ? <p className="empty">{t('events.empty')}</p> : null}
      {events.data && events.data.items.length > 0 ? (
        <ul className="event-list" aria-label={t('events.list')}>
          {events.data.items.map((event) => (
            <li key={event.id}>
              <a className="event-row" href={hrefOf({ view: 'event', id: event.id })}>
                <time className="event-date" dateTime={new Date(event.startsAt).toISOString()}>
                  {format.date(event.startsAt)}
                </time>
                <span className="event-title">{event.title}</span>
                <span className="kind-badge">{t(`events.kind.${event.kind}`)}</span>
                <span className="meta">{[event.place, t('events.metCount', { count: event.attendeeIds.length })].filter(Boolean).join(' · ')}</span>
                {event.followUp && !event.followUp.done ? <span className={event.followUp.dueAt < now ? 'follow-up overdue' : 'follow-up'}>{event.followUp.text}</span> : null}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      <EventForm
        open={adding}
        onClose={() => setAdding(false)}
        onSaved={(id) => {
          setAdding(false);
          navigate({ view: 'event', id });
        }}
      />
    </section>
  );
}
