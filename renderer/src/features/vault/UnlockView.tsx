import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiQueryKey, useApiMutation } from '../../api/hooks.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Field } from '../../ui/Field.tsx';
import { SetupLayout } from './SetupLayout.tsx';

export function UnlockView() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const unlock = useApiMutation('unlockVault');
  const [passphrase, setPassphrase] = useState('');
  const form = useRef<HTMLFormElement>(null);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!passphrase) return;
    unlock.mutate(
      { passphrase },
      {
        onSuccess: (status) => queryClient.setQueryData(apiQueryKey('getVaultStatus', {}), status),
        onError: () => form.current?.querySelector('input')?.select(),
      },
    );
  };

  return (
    <SetupLayout title={t('vault.unlock.title')} lead={t('vault.unlock.lead')}>
      <form ref={form} className="stack" onSubmit={onSubmit} noValidate aria-busy={unlock.isPending}>
        <Field label={t('vault.unlock.passphrase')} type="password" autoComplete="current-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} required autoFocus />
        <ErrorMessage error={unlock.error} />
        <button type="submit" className="primary" disabled={unlock.isPending || !passphrase}>
          {unlock.isPending ? t('vault.unlock.busy') : t('vault.unlock.submit')}
        </button>
      </form>
    </SetupLayout>
  );
}
