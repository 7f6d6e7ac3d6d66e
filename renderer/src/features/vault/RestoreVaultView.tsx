import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiQueryKey, useApiMutation } from '../../api/hooks.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Field } from '../../ui/Field.tsx';
import { PathField } from '../../ui/PathField.tsx';
import { BackupProgressBar } from '../backup/BackupProgress.tsx';
import { useBackupProgress } from '../backup/use-backup-progress.ts';
import { NewPassphraseFields, useNewPassphrase } from './NewPassphraseFields.tsx';
import { SetupLayout } from './SetupLayout.tsx';

/** "Restore from a backup": this device's vault made from a .enishi-backup file, under a passphrase chosen here. */
export function RestoreVaultView({ onCreateInstead, initialPath = '' }: { readonly onCreateInstead: () => void; readonly initialPath?: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const restore = useApiMutation('restoreBackup');
  const progress = useBackupProgress('restore', restore.isPending);
  const [path, setPath] = useState(initialPath);
  const [backupPassphrase, setBackupPassphrase] = useState('');
  const [sameAsBackup, setSameAsBackup] = useState(true);
  const passphrase = useNewPassphrase();
  const [submitted, setSubmitted] = useState(false);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!path.trim() || !backupPassphrase || (!sameAsBackup && !passphrase.isAcceptable())) return;
    restore.mutate(
      { path, backupPassphrase, vaultPassphrase: sameAsBackup ? backupPassphrase : passphrase.value },
      { onSuccess: (status) => queryClient.setQueryData(apiQueryKey('getVaultStatus', {}), status) },
    );
  };

  return (
    <SetupLayout title={t('vault.restore.title')} lead={t('vault.restore.lead')}>
      <form className="stack" onSubmit={onSubmit} noValidate aria-busy={restore.isPending}>
        <PathField purpose="backup-open" label={t('vault.restore.path')} hint={t('vault.restore.pathHint')} value={path} onValueChange={(value) => {
            setPath(value);
            restore.reset();
          }} required autoFocus error={submitted && !path.trim() ? t('validation.required') : undefined} />
        <Field label={t('vault.restore.backupPassphrase')} type="password" autoComplete="off" value={backupPassphrase} onChange={(e) => setBackupPassphrase(e.target.value)} required error={submitted && !backupPassphrase ? t('validation.required') : undefined} />
        <label className="check">
          <input type="checkbox" checked={sameAsBackup} onChange={(e) => setSameAsBackup(e.target.checked)} /> {t('vault.restore.sameAsBackup')}
        </label>
        {!sameAsBackup && <NewPassphraseFields state={passphrase} submitted={submitted} label={t('vault.restore.passphrase')} confirmLabel={t('vault.create.confirm')} advice={t('vault.create.advice')} />}
        <p className="hint">{t('vault.restore.devicesNote')}</p>
        <ErrorMessage error={restore.error} />
        <button type="submit" className="primary" disabled={restore.isPending || (!sameAsBackup && !passphrase.ready)}>
          {restore.isPending ? t('vault.restore.busy') : t('vault.restore.submit')}
        </button>
        <BackupProgressBar progress={progress} label={t('vault.restore.busy')} />
        <button type="button" className="link-button" onClick={onCreateInstead}>
          {t('vault.restore.createInstead')}
        </button>
      </form>
    </SetupLayout>
  );
}
