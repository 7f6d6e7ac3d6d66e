import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiQueryKey, useApiMutation } from '../../api/hooks.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Field } from '../../ui/Field.tsx';
import { NewPassphraseFields, useNewPassphrase } from './NewPassphraseFields.tsx';
import { SetupLayout } from './SetupLayout.tsx';

/** A new vault on this device; or, for a second device, the way to join the vault of the first. */
export function CreateVaultView({ onJoinInstead, onRestoreInstead }: { readonly onJoinInstead: () => void; readonly onRestoreInstead: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const create = useApiMutation('createVault');
  const [name, setName] = useState(() => t('vault.create.defaultName'));
  const passphrase = useNewPassphrase();
  const [submitted, setSubmitted] = useState(false);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!passphrase.isAcceptable() || !name.trim()) return;
    create.mutate(
      { name, passphrase: passphrase.value },
      { onSuccess: (status) => queryClient.setQueryData(apiQueryKey('getVaultStatus', {}), status) },
    );
  };

  return (
    <SetupLayout title={t('vault.create.title')} lead={t('vault.create.lead')}>
      <form className="stack" onSubmit={onSubmit} noValidate aria-busy={create.isPending}>
        <Field label={t('vault.create.name')} value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} error={submitted && !name.trim() ? t('validation.required') : undefined} />
        <NewPassphraseFields state={passphrase} submitted={submitted} label={t('vault.create.passphrase')} confirmLabel={t('vault.create.confirm')} advice={t('vault.create.advice')} autoFocus />
        <ErrorMessage error={create.error} />
        <button type="submit" className="primary" disabled={create.isPending || !passphrase.ready}>
          {create.isPending ? t('vault.create.busy') : t('vault.create.submit')}
        </button>
        <button type="button" className="link-button" onClick={onJoinInstead}>
          {t('vault.create.joinInstead')}
        </button>
        <button type="button" className="link-button" onClick={onRestoreInstead}>
          {t('vault.create.restoreInstead')}
        </button>
      </form>
    </SetupLayout>
  );
}
