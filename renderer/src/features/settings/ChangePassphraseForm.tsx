import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation } from '../../api/hooks.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Field } from '../../ui/Field.tsx';
import { NewPassphraseFields, useNewPassphrase } from '../vault/NewPassphraseFields.tsx';

export function ChangePassphraseForm() {
  const { t } = useTranslation();
  const change = useApiMutation('changePassphrase');
  const [current, setCurrent] = useState('');
  const next = useNewPassphrase();
  const [submitted, setSubmitted] = useState(false);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!current || !next.isAcceptable()) return;
    change.mutate(
      { current, next: next.value },
      {
        onSuccess: () => {
          setCurrent('');
          next.reset();
          setSubmitted(false);
        },
      },
    );
  };

  return (
    <form className="stack narrow-form" onSubmit={onSubmit} noValidate aria-busy={change.isPending}>
      <Field label={t('settings.passphrase.current')} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required error={submitted && !current ? t('validation.required') : undefined} />
      <NewPassphraseFields state={next} submitted={submitted} label={t('settings.passphrase.next')} confirmLabel={t('settings.passphrase.confirm')} />
      <ErrorMessage error={change.error} />
      <p className="status-line" role="status">
        {change.isSuccess ? t('settings.passphrase.changed') : ''}
      </p>
      <div>
        <button type="submit" className="primary" disabled={change.isPending || !next.ready}>
          {change.isPending ? t('settings.passphrase.busy') : t('settings.passphrase.submit')}
        </button>
      </div>
    </form>
  );
}
