import { useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiQueryKey, useApiMutation } from '../../api/hooks.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Field } from '../../ui/Field.tsx';
import { PassphraseMeter } from './PassphraseMeter.tsx';
import { SetupLayout } from './SetupLayout.tsx';
import { usePassphraseAssessor } from './use-passphrase-assessor.ts';

export function CreateVaultView() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const create = useApiMutation('createVault');
  const [name, setName] = useState(() => t('vault.create.defaultName'));
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [submitted, setSubmitted] = useState(false);

  const assessPassphrase = usePassphraseAssessor();
  const deferredPassphrase = useDeferredValue(passphrase);
  const assessment = useMemo(() => (deferredPassphrase && assessPassphrase ? assessPassphrase(deferredPassphrase) : undefined), [deferredPassphrase, assessPassphrase]);
  const mismatch = confirm.length > 0 && confirm !== passphrase;
  const passphraseError = submitted && assessment && !assessment.acceptable && assessment.problem ? t(assessment.problem) : undefined;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!assessPassphrase) return;
    const current = assessPassphrase(passphrase);
    if (!current.acceptable || passphrase !== confirm || !name.trim()) return;
    create.mutate(
      { name, passphrase },
      { onSuccess: (status) => queryClient.setQueryData(apiQueryKey('getVaultStatus', {}), status) },
    );
  };

  return (
    <SetupLayout title={t('vault.create.title')} lead={t('vault.create.lead')}>
      <form className="stack" onSubmit={onSubmit} noValidate aria-busy={create.isPending}>
        <Field label={t('vault.create.name')} value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} error={submitted && !name.trim() ? t('validation.required') : undefined} />
        <Field
          label={t('vault.create.passphrase')}
          type="password"
          autoComplete="new-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          required
          autoFocus
          error={passphraseError}
          hint={
            <>
              <PassphraseMeter assessment={assessment} />
              <span>{t('vault.create.advice')}</span>
            </>
          }
        />
        <Field
          label={t('vault.create.confirm')}
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          required
          error={mismatch || (submitted && confirm !== passphrase) ? t('vault.create.mismatch') : undefined}
        />
        <ErrorMessage error={create.error} />
        <button type="submit" className="primary" disabled={create.isPending || !assessPassphrase}>
          {create.isPending ? t('vault.create.busy') : t('vault.create.submit')}
        </button>
      </form>
    </SetupLayout>
  );
}
