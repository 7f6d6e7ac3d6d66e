import { useTranslation } from 'react-i18next';
import type { CoachReason } from '../../../../shared/insights/coach.ts';
import { useDateFormat, useRelativeTime } from '../../ui/format.ts';

/** One reason a person is on this week's list, as a sentence that says why. */
export function ReasonText({ reason, goalTitles }: { readonly reason: CoachReason; readonly goalTitles: Readonly<Record<string, string>> }) {
  const { t } = useTranslation();
  const relative = useRelativeTime();
  const format = useDateFormat();
  switch (reason.type) {
    case 'thanks-owed':
      return (
        <>
          <strong>{t('coach.reason.thanksOwed')}</strong> {t('coach.reason.thanksOwedDetail', { kind: t(`interaction.kind.${reason.kind}`), when: relative(reason.receivedAt) })}
          {reason.overdue ? <span className="overdue"> {t('coach.reason.overdue')}</span> : null}
        </>
      );
    case 'follow-up':
      return (
        <>
          <strong>{t('coach.reason.followUp')}</strong> {reason.text} ({t('coach.reason.dueOn', { date: format.date(reason.dueAt) })})
        </>
      );
    case 'event-follow-up':
      return (
        <>
          <strong>{t('coach.reason.eventFollowUp', { event: reason.eventTitle })}</strong> {reason.text} ({t('coach.reason.dueOn', { date: format.date(reason.dueAt) })})
        </>
      );
    case 'birthday':
      return (
        <>
          <strong>{reason.inDays === 0 ? t('coach.reason.birthdayToday') : t('coach.reason.birthdayIn', { count: reason.inDays })}</strong> {format.date(reason.at)}
          {reason.turns !== null ? ` · ${t('coach.reason.turns', { age: reason.turns })}` : null}
        </>
      );
    case 'due': {
      const when = reason.inDays < 0 ? t('coach.reason.overdueDays', { count: -reason.inDays }) : reason.inDays === 0 ? t('coach.reason.dueToday') : t('coach.reason.dueIn', { count: reason.inDays });
      const rhythm = t(`coach.reason.cadence.${reason.source}`, { count: reason.cadenceDays });
      const boost = reason.boostedBy ? t('coach.reason.boosted', { goal: goalTitles[reason.boostedBy] ?? '' }) : '';
      const last = reason.lastInteractionAt === null ? t('coach.reason.neverLogged') : t('coach.reason.lastContact', { when: relative(reason.lastInteractionAt) });
      return (
        <>
          <strong>{t('coach.reason.keepInTouch')}</strong> {when} · {rhythm}
          {boost ? ` (${boost})` : null} · {last}
        </>
      );
    }
    case 'goal-gap':
      return (
        <>
          <strong>{t('coach.reason.goalGap', { goal: goalTitles[reason.goalId] ?? '' })}</strong> {t('coach.reason.goalGapDetail', { profile: goalTitles[reason.profileId] ?? '' })}
        </>
      );
  }
}
