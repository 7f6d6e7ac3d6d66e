import { useTranslation } from 'react-i18next';
import type { ContactId } from '../../../../shared/domain/ids.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { useDateFormat, useRelativeTime } from '../../ui/format.ts';
import { MonthlyBars } from './MonthlyBars.tsx';

/** On a contact's page: the give & take with them, what I owe, how often to be in touch, and what I could offer. */
export function ContactInsightsCard({ id, goalTitles }: { readonly id: ContactId; readonly goalTitles: Readonly<Record<string, string>> }) {
  const { t } = useTranslation();
  const relative = useRelativeTime();
  const format = useDateFormat();
  const insights = useApiQuery('getContactInsights', { id });
  const data = insights.data;
  if (!data) return null;
  const { balance, keepInTouch } = data;
  const cadence = keepInTouch.cadence;
  return (
    <section className="card insights-card" aria-labelledby="insights-title">
      <h2 id="insights-title">{t('insights.title')}</h2>
      <dl className="facts">
        <div>
          <dt>{t('insights.balance')}</dt>
          <dd>
            {t('reciprocity.row', { gave: balance.gave, received: balance.received, balance: balance.balance > 0 ? `+${balance.balance}` : String(balance.balance) })}
            {balance.count > 0 ? ` · ${t(`reciprocity.trend.${data.trend}`)}` : null}
          </dd>
        </div>
        <div>
          <dt>{t('insights.keepInTouch')}</dt>
          <dd>
          {cadence ? (
            <>
              {t(`coach.reason.cadence.${cadence.source}`, { count: cadence.days })}
              {cadence.boostedBy ? ` (${t('coach.reason.boosted', { goal: goalTitles[cadence.boostedBy] ?? '' })})` : null}
              {keepInTouch.dueAt !== null ? ` · ${t('insights.nextDue', { when: relative(keepInTouch.dueAt) })}` : null}
            </>
          ) : (
            t('insights.noCadence')
          )}
          </dd>
        </div>
        {keepInTouch.birthday ? (
          <div>
            <dt>{t('insights.birthday')}</dt>
            <dd>
              {format.date(keepInTouch.birthday.at)} ({keepInTouch.birthday.inDays === 0 ? t('coach.reason.birthdayToday') : t('coach.reason.birthdayIn', { count: keepInTouch.birthday.inDays })})
            </dd>
          </div>
        ) : null}
      </dl>
      {balance.count > 0 ? <MonthlyBars months={data.months} height={150} label={t('insights.monthlyAlt')} /> : null}
      {data.thanksOwed.length > 0 ? (
        <p className="nudge" role="note">
          <strong>{t('coach.reason.thanksOwed')}</strong> {data.thanksOwed.map((item) => t('reciprocity.owedItem', { kind: t(`interaction.kind.${item.kind}`), when: relative(item.receivedAt) })).join(' · ')}
        </p>
      ) : null}
      {data.overAsking ? (
        <p className="nudge warn" role="note">
          <strong>{t('reciprocity.overAsking')}</strong> {t('reciprocity.streak', { count: data.overAsking.streak, since: format.date(data.overAsking.since) })}
        </p>
      ) : null}
      <h3>{t('insights.waysToGive')}</h3>
      {data.waysToGive.length === 0 ? (
        <p className="meta">{t('insights.noWaysToGive')}</p>
      ) : (
        <ul className="plain-list ways-to-give" aria-label={t('insights.waysToGive')}>
          {data.waysToGive.map((way) => (
            <li key={`${way.from}:${way.topic}`}>{t(`insights.way.${way.from}`, { topic: way.topic })}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
