import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { GOAL_PRIORITIES, GOAL_STATUSES, GoalDraftSchema, type Goal, type GoalDraftInput, type GoalPriority, type GoalStatus } from '../../../../shared/domain/goal.ts';
import type { GoalId } from '../../../../shared/domain/ids.ts';
import { useApiMutation } from '../../api/hooks.ts';
import { Dialog, DialogActions } from '../../ui/Dialog.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Field, SelectField, TextAreaField } from '../../ui/Field.tsx';
import type { TranslationKey } from '../../ui/translate.ts';
import { validationErrors } from '../../ui/validation.ts';

interface GoalFormProps {
  readonly open: boolean;
  /** Editing this goal; adding a new one when absent. */
  readonly goal?: Goal;
  readonly onClose: () => void;
  readonly onSaved: (id: GoalId) => void;
}

type State = Required<Omit<GoalDraftInput, 'profiles'>> & { profiles: { id?: string; title: string; description: string }[] };

function initial(goal: Goal | undefined): State {
  if (!goal) return { title: '', why: '', horizon: '', status: 'active', priority: 'medium', profiles: [{ title: '', description: '' }] };
  return { title: goal.title, why: goal.why, horizon: goal.horizon, status: goal.status, priority: goal.priority, profiles: goal.profiles.map((profile) => ({ ...profile })) };
}

/** A goal and, under it, the kinds of people worth meeting for it. */
export function GoalForm({ open, goal, onClose, onSaved }: GoalFormProps) {
  // The body mounts each time the dialog opens, so it starts from the goal as it is now.
  return (
    <Dialog open={open} onClose={onClose} labelledBy="goal-form-title" wide>
      <GoalFormBody onClose={onClose} onSaved={onSaved} {...(goal && { goal })} />
    </Dialog>
  );
}

function GoalFormBody({ goal, onClose, onSaved }: Omit<GoalFormProps, 'open'>) {
  const { t } = useTranslation();
  const add = useApiMutation('addGoal');
  const update = useApiMutation('updateGoal');
  const [state, setState] = useState<State>(() => initial(goal));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (patch: Partial<State>) => setState((current) => ({ ...current, ...patch }));
  // A field's error goes away as soon as the user changes that field.
  const clearError = (path: string) => setErrors((current) => (path in current ? Object.fromEntries(Object.entries(current).filter(([key]) => key !== path)) : current));
  const edit = <K extends keyof State>(key: K, value: State[K]) => {
    set({ [key]: value });
    clearError(key);
  };
  const setProfile = (index: number, patch: Partial<State['profiles'][number]>) => {
    set({ profiles: state.profiles.map((p, i) => (i === index ? { ...p, ...patch } : p)) });
    if (patch.title !== undefined) clearError(`profiles.${index}.title`);
  };
  const errorOf = (path: string) => (errors[path] ? t(errors[path] as TranslationKey) : undefined);
  const saving = add.isPending || update.isPending;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    // An untouched empty row is not a profile the user meant to add.
    const draft: GoalDraftInput = { ...state, profiles: state.profiles.filter((p) => p.id || p.title.trim() || p.description.trim()) };
    const found = validationErrors(GoalDraftSchema, draft);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    if (goal) update.mutate({ id: goal.id, draft }, { onSuccess: () => onSaved(goal.id) });
    else add.mutate(draft, { onSuccess: ({ id }) => onSaved(id) });
  };

  return (
    <form className="dialog-body" onSubmit={onSubmit} noValidate aria-busy={saving}>
      <h2 id="goal-form-title">{goal ? t('goals.edit') : t('goals.add')}</h2>
      <Field label={t('goals.fields.title')} value={state.title} maxLength={200} autoFocus required error={errorOf('title')} onChange={(e) => edit('title', e.target.value)} />
      <TextAreaField label={t('goals.fields.why')} value={state.why} rows={3} maxLength={4000} onChange={(e) => set({ why: e.target.value })} />
      <div className="grid-3">
        <Field label={t('goals.fields.horizon')} type="date" value={state.horizon} error={errorOf('horizon')} onChange={(e) => edit('horizon', e.target.value)} />
        <SelectField label={t('goals.fields.status')} value={state.status} onChange={(e) => set({ status: e.target.value as GoalStatus })}>
          {GOAL_STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`goals.status.${status}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('goals.fields.priority')} value={state.priority} onChange={(e) => set({ priority: e.target.value as GoalPriority })}>
          {GOAL_PRIORITIES.map((priority) => (
            <option key={priority} value={priority}>
              {t(`goals.priority.${priority}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <section className="form-section" aria-labelledby="goal-form-profiles">
        <h3 id="goal-form-profiles">{t('goals.profiles.label')}</h3>
        <p className="field-hint">{t('goals.profiles.hint')}</p>
        {state.profiles.map((profile, index) => (
          <div key={profile.id ?? `new-${index}`} className="profile-edit-row">
            <Field label={t('goals.profiles.title', { number: index + 1 })} value={profile.title} maxLength={200} error={errorOf(`profiles.${index}.title`)} onChange={(e) => setProfile(index, { title: e.target.value })} />
            <Field label={t('goals.profiles.description')} value={profile.description} maxLength={2000} onChange={(e) => setProfile(index, { description: e.target.value })} />
            <button type="button" className="link-button" onClick={() => set({ profiles: state.profiles.filter((_, i) => i !== index) })}>
              {t('common.remove')}
            </button>
          </div>
        ))}
        <button type="button" onClick={() => set({ profiles: [...state.profiles, { title: '', description: '' }] })}>
          {t('goals.profiles.add')}
        </button>
      </section>
      <ErrorMessage error={add.error ?? update.error} />
      <DialogActions onCancel={onClose} saving={saving} />
    </form>
  );
}
