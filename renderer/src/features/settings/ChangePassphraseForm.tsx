import { useDeferredValue, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation } from '../../api/hooks.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Field } from '../../ui/Field.tsx';
import { PassphraseMeter } from '../vault/PassphraseMeter.tsx';
import { usePassphraseAssessor } from '../vault/use-passphrase-assessor.ts';

export function ChangePassphraseForm() {
  const { t } = useTranslation();
  const change = useApiMutation('changePassphrase');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const assess = usePassphraseAssessor();
  const deferred = useDeferredValue(next);
  const assessment = useMemo(() => (deferred && assess ? assess(deferred) : undefined), [deferred, assess]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!assess || !current || !assess(next).acceptable || next !== confirm) return;
    change.mutate(
      { current, next },
      {
        onSuccess: () => {
          setCurrent('');
          setNext('');
          setConfirm('');
          setSubmitted(false);
        },
      },
    );
  };

  return (
    <form className="stack narrow-form" onSubmit={onSubmit} noValidate aria-busy={change.isPending}>
      <Field label={t('settings.passphrase.current')} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required error={submitted && !current ? t('validation.required') : undefined} />
      <Field
        label={t('settings.passphrase.next')}
        type="password"
        autoComplete="new-password"
        value={next}
        onChange={(e) => setNext(e.target.value)}
        required
        error={submitted && assessment && !assessment.acceptable && assessment.problem ? t(assessment.problem) : undefined}
        hint={<PassphraseMeter assessment={assessment} />}
      />
      <Field
        label={t('settings.passphrase.confirm')}
        type="password"
        autoComplete="new-password"
        value={confirm}
        onChange={(e) => setConfirm(e.target.value)}
        required
        error={(confirm && confirm !== next) || (submitted && confirm !== next) ? t('vault.create.mismatch') : undefined}
      />
      <ErrorMessage error={change.error} />
      <p className="status-line" role="status">
        {change.isSuccess ? t('settings.passphrase.changed') : ''}
      </p>
      <div>
        <button type="submit" className="primary" disabled={change.isPending || !assess}>
          {change.isPending ? t('settings.passphrase.busy') : t('settings.passphrase.submit')}
        </button>
      </div>
    </form>
  );
}
