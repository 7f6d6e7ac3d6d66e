import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Field } from '../../ui/Field.tsx';
import { NewPassphraseFields, useNewPassphrase } from '../vault/NewPassphraseFields.tsx';
import { BackupSummaryList } from './BackupSummaryList.tsx';

/** Writes a backup file: where, and under which passphrase (the vault's, or one of its own). */
export function MakeBackupForm() {
  const { t } = useTranslation();
  const suggested = useApiQuery('suggestBackupPath', {});
  const write = useApiMutation('writeBackup');
  // Today's suggested file until the user types another.
  const [typedPath, setPath] = useState<string>();
  const path = typedPath ?? suggested.data?.path ?? '';
  const [sameAsVault, setSameAsVault] = useState(true);
  const [vaultPassphrase, setVaultPassphrase] = useState('');
  const separate = useNewPassphrase();
  const [submitted, setSubmitted] = useState(false);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!path.trim() || (sameAsVault ? !vaultPassphrase : !separate.isAcceptable())) return;
    write.mutate(
      { path, passphrase: sameAsVault ? vaultPassphrase : separate.value, sameAsVault },
      {
        onSuccess: () => {
          setVaultPassphrase('');
          separate.reset();
          setSubmitted(false);
        },
      },
    );
  };

  return (
    <form className="stack narrow-form" onSubmit={onSubmit} noValidate aria-busy={write.isPending}>
      <Field label={t('backup.make.path')} hint={t('backup.make.pathHint')} value={path} onChange={(e) => setPath(e.target.value)} required spellCheck={false} autoComplete="off" error={submitted && !path.trim() ? t('validation.required') : undefined} />
      <fieldset className="choice-group">
        <legend>{t('backup.make.which')}</legend>
        <label>
          <input type="radio" name="backup-passphrase" checked={sameAsVault} onChange={() => setSameAsVault(true)} /> {t('backup.make.sameAsVault')}
        </label>
        <label>
          <input type="radio" name="backup-passphrase" checked={!sameAsVault} onChange={() => setSameAsVault(false)} /> {t('backup.make.separate')}
        </label>
      </fieldset>
      {sameAsVault ? (
        <Field label={t('backup.make.vaultPassphrase')} type="password" autoComplete="current-password" value={vaultPassphrase} onChange={(e) => setVaultPassphrase(e.target.value)} required error={submitted && !vaultPassphrase ? t('validation.required') : undefined} />
      ) : (
        <NewPassphraseFields state={separate} submitted={submitted} label={t('backup.make.backupPassphrase')} confirmLabel={t('backup.make.confirm')} advice={t('backup.make.advice')} />
      )}
      <ErrorMessage error={write.error} />
      <div>
        <button type="submit" className="primary" disabled={write.isPending || (!sameAsVault && !separate.ready)}>
          {write.isPending ? t('backup.make.busy') : t('backup.make.submit')}
        </button>
      </div>
      <div role="status">
        {write.data && (
          <>
            <p className="status-line">{t('backup.make.done', { path: write.data.path })}</p>
            <BackupSummaryList summary={write.data} />
          </>
        )}
      </div>
    </form>
  );
}
