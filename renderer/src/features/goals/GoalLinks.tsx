import { useTranslation } from 'react-i18next';
import type { GoalLink } from '../../../../shared/domain/contact.ts';
import type { GoalOverview } from '../../../../shared/domain/goal.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { hrefOf } from '../../navigation.ts';

/** A contact's links as the user reads them: "goal" or "goal › target profile"; links to deleted goals are left out. */
export function describeGoalLinks(goals: readonly GoalOverview[], links: readonly GoalLink[]): { link: GoalLink; goal: GoalOverview; label: string }[] {
  return links.flatMap((link) => {
    for (const goal of goals) {
      if (goal.id === link) return [{ link, goal, label: goal.title }];
      const profile = goal.profiles.find((p) => p.id === link);
      if (profile) return [{ link, goal, label: `${goal.title} › ${profile.title}` }];
    }
    return [];
  });
}

/** The choice of goals and target profiles a contact, event or source is linked to. */
export function GoalLinksField({ value, onChange, lead }: { readonly value: readonly string[]; readonly onChange: (links: string[]) => void; readonly lead?: string }) {
  const { t } = useTranslation();
  const goals = useApiQuery('listGoals', {});
  const toggle = (link: string, on: boolean) => onChange(on ? [...value, link] : value.filter((l) => l !== link));
  // Dropped goals are offered only where the contact is already linked to them.
  const shown = (goals.data ?? []).filter((goal) => goal.status !== 'dropped' || value.includes(goal.id) || goal.profiles.some((p) => value.includes(p.id)));
  return (
    <section className="form-section" aria-labelledby="section-goals">
      <h3 id="section-goals">{t('goals.link.section')}</h3>
      <p className="field-hint">{goals.data && shown.length === 0 ? t('goals.link.none') : (lead ?? t('goals.link.lead'))}</p>
      <div className="goal-links">
        {shown.map((goal) => (
          <div key={goal.id} role="group" aria-label={goal.title}>
            <label className="check">
              <input type="checkbox" checked={value.includes(goal.id)} onChange={(e) => toggle(goal.id, e.target.checked)} />
              <strong>{goal.title}</strong> <span className="meta">({t('goals.link.whole')})</span>
            </label>
            {goal.profiles.length > 0 ? (
              <div className="goal-profiles">
                {goal.profiles.map((profile) => (
                  <label key={profile.id} className="check">
                    <input type="checkbox" checked={value.includes(profile.id)} onChange={(e) => toggle(profile.id, e.target.checked)} />
                    {profile.title}
                  </label>
                ))}
              </div>
            ) : null}
          </div>
        ))}
      </div>
    </section>
  );
}

/** A contact's goals on their page; each leads to everyone linked to that goal. */
export function GoalChips({ links }: { readonly links: readonly GoalLink[] }) {
  const goals = useApiQuery('listGoals', {}, { enabled: links.length > 0 });
  const described = describeGoalLinks(goals.data ?? [], links);
  if (described.length === 0) return null;
  return (
    <ul className="goal-chips">
      {described.map(({ link, goal, label }) => (
        <li key={link}>
          <a className="goal-chip" href={hrefOf({ view: 'contacts', goalId: goal.id })}>
            {label}
          </a>
        </li>
      ))}
    </ul>
  );
}
