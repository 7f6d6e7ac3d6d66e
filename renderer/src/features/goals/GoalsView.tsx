import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GoalOverview } from '../../../../shared/domain/goal.ts';
import { callApi } from '../../api/client.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { hrefOf } from '../../navigation.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { useDateFormat } from '../../ui/format.ts';
import { useToasts } from '../../ui/Toasts.tsx';
import { GoalForm } from './GoalForm.tsx';
import { SelfProfileCard } from './SelfProfileCard.tsx';
import { SourcesSection } from './SourcesSection.tsx';

/** Goals → target profiles → how many real contacts each has; profiles no one has reached yet stand out. */
export function GoalsView() {
  const { t } = useTranslation();
  const goals = useApiQuery('listGoals', {});
  const [editing, setEditing] = useState<GoalOverview | 'new' | undefined>();
  return (
    <section className="view" aria-labelledby="goals-title">
      <header className="view-header">
        <div>
          <h1 id="goals-title">{t('goals.title')}</h1>
          {goals.data ? <p className="view-meta">{t('goals.count', { count: goals.data.length })}</p> : null}
        </div>
        <div className="header-actions">
          <a className="button" href={hrefOf({ view: 'goal-map' })}>
            {t('goalMap.open')}
          </a>
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            {t('goals.add')}
          </button>
        </div>
      </header>
      <p className="lead">{t('goals.lead')}</p>
      <div className="goals-page">
      <SelfProfileCard />
      <ErrorMessage error={goals.error} />
      {goals.data?.length === 0 ? <p className="empty">{t('goals.empty')}</p> : null}
      {goals.data && goals.data.length > 0 ? (
        <ul className="goal-list" aria-label={t('goals.list')}>
          {goals.data.map((goal) => (
            <li key={goal.id}>
              <GoalCard goal={goal} onEdit={() => setEditing(goal)} />
            </li>
          ))}
        </ul>
      ) : null}
      <SourcesSection />
      </div>
      <GoalForm open={editing !== undefined} {...(editing && editing !== 'new' && { goal: editing })} onClose={() => setEditing(undefined)} onSaved={() => setEditing(undefined)} />
    </section>
  );
}

function GoalCard({ goal, onEdit }: { readonly goal: GoalOverview; readonly onEdit: () => void }) {
  const { t } = useTranslation();
  const format = useDateFormat();
  const remove = useApiMutation('deleteGoal');
  const toasts = useToasts();
  const titleId = `goal-${goal.id}`;
  const onDelete = () => {
    if (!window.confirm(t('goals.deleteConfirm', { title: goal.title }))) return;
    remove.mutate(
      { id: goal.id },
      { onSuccess: ({ undoToken }) => toasts.show(t('toast.goalDeleted', { title: goal.title }), { label: t('common.undo'), run: () => void callApi('undo', { token: undoToken }) }) },
    );
  };
  return (
    <article className={`card goal-card status-${goal.status}`} aria-labelledby={titleId}>
      <header className="goal-header">
        <div>
          <h2 id={titleId}>{goal.title}</h2>
          <p className="meta">
            <span className={`status-badge goal-status-${goal.status}`}>{t(`goals.status.${goal.status}`)}</span>
            <span>
              {t('goals.fields.priority')}: {t(`goals.priority.${goal.priority}`)}
            </span>
            {goal.horizon ? <span>{t('goals.horizonBy', { date: format.date(Date.parse(`${goal.horizon}T00:00:00`)) })}</span> : null}
          </p>
        </div>
        <div className="header-actions">
          <button type="button" onClick={onEdit} aria-label={`${t('common.edit')}: ${goal.title}`}>
            {t('common.edit')}
          </button>
          <button type="button" className="danger" onClick={onDelete} disabled={remove.isPending} aria-label={`${t('common.delete')}: ${goal.title}`}>
            {t('common.delete')}
          </button>
        </div>
      </header>
      {goal.why ? <p className="goal-why">{goal.why}</p> : null}
      {goal.profiles.length === 0 ? (
        <p className="meta">{t('goals.noProfiles')}</p>
      ) : (
        <ul className="profile-list" aria-label={t('goals.profiles.label')}>
          {goal.profiles.map((profile) => (
            <li key={profile.id} className={profile.counts.reached === 0 ? 'profile-row gap' : 'profile-row'}>
              <span className="profile-title">{profile.title}</span>
              {profile.description ? <span className="meta">{profile.description}</span> : null}
              <span className="profile-counts">
                {t('goals.people', { count: profile.counts.contacts })}
                {profile.counts.reached === 0 ? <span className="gap-badge">{t('goals.gap')}</span> : <span className="meta">{t('goals.reached', { count: profile.counts.reached })}</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
      <ErrorMessage error={remove.error} />
      <a className="goal-contacts-link" href={hrefOf({ view: 'contacts', goalId: goal.id })}>
        {t('goals.showContacts', { count: goal.counts.contacts })} →
      </a>
    </article>
  );
}
