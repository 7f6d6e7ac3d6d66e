import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/Field.tsx';
import { NewPassphraseFields, useNewPassphrase } from '../vault/NewPassphraseFields.tsx';

/** A backup's passphrase: the vault's (checked by the service), or one of its own typed twice. */
export function useBackupPassphrase() {
  const [sameAsVault, setSameAsVault] = useState(true);
  const [vaultPassphrase, setVaultPassphrase] = useState('');
  const separate = useNewPassphrase();
  return {
    sameAsVault,
    setSameAsVault,
    vaultPassphrase,
    setVaultPassphrase,
    separate,
    /** False until the strength estimator has loaded, when a separate passphrase is chosen. */
    ready: sameAsVault || separate.ready,
    isAcceptable: () => (sameAsVault ? vaultPassphrase.length > 0 : separate.isAcceptable()),
    value: () => (sameAsVault ? vaultPassphrase : separate.value),
    reset: () => {
      setVaultPassphrase('');
      separate.reset();
    },
  };
}

export function BackupPassphraseChoice({ state, name, submitted }: { readonly state: ReturnType<typeof useBackupPassphrase>; readonly name: string; readonly submitted: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <fieldset className="choice-group">
        <legend>{t('backup.make.which')}</legend>
        <label>
          <input type="radio" name={name} checked={state.sameAsVault} onChange={() => state.setSameAsVault(true)} /> {t('backup.make.sameAsVault')}
        </label>
        <label>
          <input type="radio" name={name} checked={!state.sameAsVault} onChange={() => state.setSameAsVault(false)} /> {t('backup.make.separate')}
        </label>
      </fieldset>
      {state.sameAsVault ? (
        <Field label={t('backup.make.vaultPassphrase')} type="password" autoComplete="current-password" value={state.vaultPassphrase} onChange={(e) => state.setVaultPassphrase(e.target.value)} required error={submitted && !state.vaultPassphrase ? t('validation.required') : undefined} />
      ) : (
        <NewPassphraseFields state={state.separate} submitted={submitted} label={t('backup.make.backupPassphrase')} confirmLabel={t('backup.make.confirm')} advice={t('backup.make.advice')} />
      )}
    </>
  );
}
