import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiQueryKey, useApiMutation } from '../../api/hooks.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Field } from '../../ui/Field.tsx';
import { engineNotice as storedEngineNotice, forgetEngineNotice } from './engine-notice.ts';
import { SetupLayout } from './SetupLayout.tsx';

export function UnlockView() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const unlock = useApiMutation('unlockVault');
  const [passphrase, setPassphrase] = useState('');
  const form = useRef<HTMLFormElement>(null);
  const [engineNotice] = useState(storedEngineNotice);
  useEffect(forgetEngineNotice, []);

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
      {engineNotice ? (
        <p className="notice-banner" role="status" data-notice={`engine-${engineNotice}`}>
          {t(engineNotice === 'restarted' ? 'vault.unlock.engineRestarted' : 'vault.unlock.engineFailed')}
        </p>
      ) : null}
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
