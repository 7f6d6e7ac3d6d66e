import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { PathField } from '../../ui/PathField.tsx';
import { BackupPassphraseChoice, useBackupPassphrase } from './BackupPassphraseChoice.tsx';
import { BackupSummaryList } from './BackupSummaryList.tsx';

/** Writes a backup file: where, and under which passphrase (the vault's, or one of its own). */
export function MakeBackupForm() {
  const { t } = useTranslation();
  const suggested = useApiQuery('suggestBackupPath', {});
  const write = useApiMutation('writeBackup');
  // Today's suggested file until the user types another.
  const [typedPath, setPath] = useState<string>();
  const path = typedPath ?? suggested.data?.path ?? '';
  const passphrase = useBackupPassphrase();
  const [submitted, setSubmitted] = useState(false);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!path.trim() || !passphrase.isAcceptable()) return;
    write.mutate(
      { path, passphrase: passphrase.value(), sameAsVault: passphrase.sameAsVault },
      {
        onSuccess: () => {
          passphrase.reset();
          setSubmitted(false);
        },
      },
    );
  };

  return (
    <form className="stack narrow-form" onSubmit={onSubmit} noValidate aria-busy={write.isPending}>
      <PathField purpose="backup-save" label={t('backup.make.path')} hint={t('backup.make.pathHint')} value={path} onValueChange={setPath} required error={submitted && !path.trim() ? t('validation.required') : undefined} />
      <BackupPassphraseChoice state={passphrase} name="backup-passphrase" submitted={submitted} />
      <ErrorMessage error={write.error} />
      <div>
        <button type="submit" className="primary" disabled={write.isPending || !passphrase.ready}>
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
