import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.ts';

/** Shown after an unlock that found damaged files: what was set aside, and what it affected. */
export function HealthBanner() {
  const { t } = useTranslation();
  const health = useApiQuery('getVaultHealth', {});
  const [dismissed, setDismissed] = useState(false);
  const problems = health.data?.problems ?? [];
  if (dismissed || problems.length === 0) return null;
  const folder = problems[0]!.quarantined[0]?.replace(/[\\/][^\\/]*$/, '') ?? 'vault/quarantine';
  return (
    <section className="health-banner" role="alert" aria-labelledby="health-title">
      <div>
        <h2 id="health-title">{t('health.title')}</h2>
        <p>{t('health.lead', { folder })}</p>
        <ul>
          {problems.map((problem, index) => (
            <li key={index} data-error-code={problem.code}>
              <strong>{t(`health.kind.${problem.shardKind}`)}</strong> — {t(`errors.${problem.code}`)}
              {problem.lostContactCount > 0 ? (
                <div>
                  {t('health.lostContacts', { names: problem.lostContacts.join('、') })}
                  {problem.lostContactCount > problem.lostContacts.length ? ` ${t('health.moreContacts', { count: problem.lostContactCount - problem.lostContacts.length })}` : ''}
                </div>
              ) : null}
              {problem.lostInteractions > 0 ? <div>{t('health.lostInteractions', { count: problem.lostInteractions })}</div> : null}
              {problem.lostContactCount === 0 && problem.lostInteractions === 0 ? <div>{t('health.nothingKnown')}</div> : null}
            </li>
          ))}
        </ul>
      </div>
      <button type="button" onClick={() => setDismissed(true)}>
        {t('health.dismiss')}
      </button>
    </section>
  );
}
