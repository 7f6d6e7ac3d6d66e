import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CoachReason } from '../../../../shared/insights/coach.ts';
import type { CoachView as CoachData } from '../../../../shared/vault/insight-queries.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { hrefOf } from '../../navigation.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { useToasts } from '../../ui/Toasts.tsx';
import { InteractionForm } from '../timeline/InteractionForm.tsx';
import { ReasonText } from './ReasonText.tsx';

type Item = CoachData['items'][number];

const SNOOZE_DAYS = 7;

/** "This week": the few people to contact now, each with the reasons why and one click to act. */
export function CoachView() {
  const { t } = useTranslation();
  const coach = useApiQuery('getCoach', {});
  const [logging, setLogging] = useState<Item | undefined>();
  const [markReached, setMarkReached] = useState(true);
  const setStage = useApiMutation('setContactStage');
  const onLogged = () => {
    // Logging the first contact with someone I only wanted to meet moves them on to "reached out".
    if (logging?.person.stage === 'target' && markReached) setStage.mutate({ id: logging.contactId, stage: 'reached-out' });
    setLogging(undefined);
  };
  return (
    <section className="view" aria-labelledby="coach-title">
      <header className="view-header">
        <div>
          <h1 id="coach-title">{t('coach.title')}</h1>
          {coach.data ? <p className="view-meta">{t('coach.count', { count: coach.data.items.length })}</p> : null}
        </div>
      </header>
      <p className="lead">{t('coach.lead')}</p>
      <ErrorMessage error={coach.error ?? setStage.error} />
      {coach.data?.items.length === 0 ? <p className="empty">{t('coach.empty')}</p> : null}
      {coach.data && coach.data.items.length > 0 ? (
        <ul className="coach-list" aria-label={t('coach.list')}>
          {coach.data.items.map((item) => (
            <li key={item.contactId}>
              <CoachCard item={item} goalTitles={coach.data.goalTitles} onLog={() => setLogging(item)} />
            </li>
          ))}
        </ul>
      ) : null}
      {coach.data && coach.data.total > coach.data.items.length ? (
        <p className="meta">
          {t('coach.more', { count: coach.data.total - coach.data.items.length })}{' '}
          <a href={hrefOf({ view: 'contacts' })}>{t('coach.seeContacts')}</a>
        </p>
      ) : null}
      <Dialog open={logging !== undefined} onClose={() => setLogging(undefined)} labelledBy="coach-log-title">
        {logging ? (
          <>
            <h2 id="coach-log-title">{t('coach.logTitle', { name: logging.person.name })}</h2>
            {logging.person.stage === 'target' ? (
              <label className="check">
                <input type="checkbox" checked={markReached} onChange={(e) => setMarkReached(e.target.checked)} />
                {t('coach.markReached')}
              </label>
            ) : null}
            <InteractionForm contacts={[{ id: logging.contactId, name: logging.person.name }]} preset={presetFor(logging.reasons[0]!)} onSaved={onLogged} onCancel={() => setLogging(undefined)} />
          </>
        ) : null}
      </Dialog>
    </section>
  );
}

/** What "log it" starts as: a thank-you when one is owed, a message otherwise. */
function presetFor(reason: CoachReason) {
  return reason.type === 'thanks-owed' ? ({ kind: 'thanks', direction: 'gave' } as const) : ({ kind: 'message', direction: 'mutual' } as const);
}

function CoachCard({ item, goalTitles, onLog }: { readonly item: Item; readonly goalTitles: Readonly<Record<string, string>>; readonly onLog: () => void }) {
  const { t } = useTranslation();
  const toasts = useToasts();
  const snooze = useApiMutation('snoozeCoachItem');
  const dismiss = useApiMutation('dismissCoachReason');
  const complete = useApiMutation('completeFollowUp');
  const { person } = item;
  const titleId = `coach-${item.contactId}`;
  const followUps = item.reasons.filter((r) => r.type === 'follow-up' || r.type === 'event-follow-up');
  const onNotRelevant = async () => {
    for (const reason of item.reasons) await dismiss.mutateAsync({ key: reason.key });
    toasts.show(t('coach.dismissed', { name: person.name }));
  };
  const onDone = async () => {
    for (const reason of followUps) {
      if (reason.type === 'follow-up') await complete.mutateAsync({ type: 'interaction', id: reason.interactionId });
      else if (reason.type === 'event-follow-up') await complete.mutateAsync({ type: 'event', id: reason.eventId });
    }
  };
  const busy = snooze.isPending || dismiss.isPending || complete.isPending;
  return (
    <article className="card coach-card" aria-labelledby={titleId}>
      <header className="coach-person">
        <span className="avatar" aria-hidden="true">
          {person.initials}
        </span>
        <div>
          <h2 id={titleId}>
            <a href={hrefOf({ view: 'contact', id: item.contactId })}>{person.name}</a>
          </h2>
          <p className="meta">
            {[person.company, person.title].filter(Boolean).join(' · ')} <span className={`stage-badge stage-${person.stage}`}>{t(`contact.stage.${person.stage}`)}</span>
          </p>
        </div>
      </header>
      <ul className="coach-reasons" aria-label={t('coach.why')}>
        {item.reasons.map((reason) => (
          <li key={reason.key} className={`reason reason-${reason.type}`}>
            <ReasonText reason={reason} goalTitles={goalTitles} />
          </li>
        ))}
      </ul>
      <div className="coach-actions">
        <button type="button" className="primary" onClick={onLog} aria-label={`${t('coach.logIt')}: ${person.name}`}>
          {t('coach.logIt')}
        </button>
        {followUps.length > 0 ? (
          <button type="button" onClick={() => void onDone()} disabled={busy} aria-label={`${t('coach.followUpDone')}: ${person.name}`}>
            {t('coach.followUpDone')}
          </button>
        ) : null}
        <button type="button" onClick={() => snooze.mutate({ contactId: item.contactId, days: SNOOZE_DAYS }, { onSuccess: () => toasts.show(t('coach.snoozed', { name: person.name })) })} disabled={busy} aria-label={`${t('coach.snooze')}: ${person.name}`}>
          {t('coach.snooze')}
        </button>
        <button type="button" className="link-button" onClick={() => void onNotRelevant()} disabled={busy} aria-label={`${t('coach.notRelevant')}: ${person.name}`}>
          {t('coach.notRelevant')}
        </button>
      </div>
      <ErrorMessage error={snooze.error ?? dismiss.error ?? complete.error} />
    </article>
  );
}
