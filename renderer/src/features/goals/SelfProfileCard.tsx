import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SELF_PROFILE_FIELDS, SelfProfileSchema, type SelfProfile } from '../../../../shared/domain/goal.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { TextAreaField } from '../../ui/Field.tsx';
import type { TranslationKey } from '../../ui/translate.ts';
import { validationErrors } from '../../ui/validation.ts';

/** 自己分析 (Step 1): my strengths, interests, values and career goal — where the goal map starts. */
export function SelfProfileCard() {
  const { t } = useTranslation();
  const profile = useApiQuery('getSelfProfile', {});
  const [editing, setEditing] = useState(false);
  const data = profile.data;
  const empty = data && SELF_PROFILE_FIELDS.every((field) => !data[field]);
  return (
    <section className="card self-card" aria-labelledby="self-title">
      <header className="goal-header">
        <div>
          <h2 id="self-title">{t('self.title')}</h2>
          <p className="card-lead">{t('self.lead')}</p>
        </div>
        {!editing && data ? (
          <div className="header-actions">
            <button type="button" onClick={() => setEditing(true)} aria-label={`${t('common.edit')}: ${t('self.title')}`}>
              {t('common.edit')}
            </button>
          </div>
        ) : null}
      </header>
      <ErrorMessage error={profile.error} />
      {data && editing ? <SelfProfileForm profile={data} onDone={() => setEditing(false)} /> : null}
      {data && !editing && empty ? <p className="meta">{t('self.empty')}</p> : null}
      {data && !editing && !empty ? (
        <dl className="facts">
          {SELF_PROFILE_FIELDS.filter((field) => data[field]).map((field) => (
            <div key={field}>
              <dt>{t(`self.fields.${field}`)}</dt>
              <dd className="pre-line">{data[field]}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </section>
  );
}

function SelfProfileForm({ profile, onDone }: { readonly profile: SelfProfile; readonly onDone: () => void }) {
  const { t } = useTranslation();
  const save = useApiMutation('updateSelfProfile');
  const [state, setState] = useState<SelfProfile>(profile);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = validationErrors(SelfProfileSchema, state);
    setErrors(found);
    if (Object.keys(found).length === 0) save.mutate(state, { onSuccess: onDone });
  };
  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-busy={save.isPending}>
      {SELF_PROFILE_FIELDS.map((field) => (
        <TextAreaField
          key={field}
          label={t(`self.fields.${field}`)}
          hint={t(`self.hints.${field}`)}
          rows={2}
          maxLength={2000}
          value={state[field]}
          error={errors[field] ? t(errors[field] as TranslationKey) : undefined}
          onChange={(e) => setState((current) => ({ ...current, [field]: e.target.value }))}
        />
      ))}
      <ErrorMessage error={save.error} />
      <div className="form-actions">
        <button type="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="primary" disabled={save.isPending}>
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}
