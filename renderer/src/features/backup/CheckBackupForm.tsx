import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation } from '../../api/hooks.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Field } from '../../ui/Field.tsx';
import { PathField } from '../../ui/PathField.tsx';
import { BackupProgressBar } from './BackupProgress.tsx';
import { BackupSummaryList } from './BackupSummaryList.tsx';
import { useBackupProgress } from './use-backup-progress.ts';

/** Checks a backup (reads every part of it, changes nothing); then offers to merge it into this vault. */
export function CheckBackupForm({ initialPath = '' }: { readonly initialPath?: string }) {
  const { t } = useTranslation();
  const verify = useApiMutation('verifyBackup');
  const merge = useApiMutation('mergeBackup');
  const [path, setPath] = useState(initialPath);
  const [passphrase, setPassphrase] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const verifying = useBackupProgress('verify', verify.isPending);
  const merging = useBackupProgress('merge', merge.isPending);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    merge.reset();
    if (!path.trim() || !passphrase) return;
    verify.mutate({ path, passphrase });
  };
  const checked = verify.data && verify.variables?.path === path ? verify.data : undefined;

  return (
    <form className="stack narrow-form" onSubmit={onSubmit} noValidate aria-busy={verify.isPending || merge.isPending}>
      <PathField purpose="backup-open" label={t('backup.check.path')} value={path} placeholder="/Users/…/enishi-2026-11-27.enishi-backup" onValueChange={setPath} required error={submitted && !path.trim() ? t('validation.required') : undefined} />
      <Field label={t('backup.check.passphrase')} type="password" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} required error={submitted && !passphrase ? t('validation.required') : undefined} />
      <ErrorMessage error={verify.error ?? merge.error} />
      <div>
        <button type="submit" disabled={verify.isPending || merge.isPending}>
          {verify.isPending ? t('backup.check.busy') : t('backup.check.submit')}
        </button>
      </div>
      <BackupProgressBar progress={verifying} label={t('backup.check.busy')} />
      <div role="status">
        {checked && !merge.isSuccess && (
          <>
            <p className="status-line">{t('backup.check.good')}</p>
            <BackupSummaryList summary={checked} />
            <p className="card-lead">{t('backup.merge.lead')}</p>
            <button type="button" className="primary" disabled={merge.isPending} onClick={() => merge.mutate({ path, passphrase }, { onSuccess: () => setPassphrase('') })}>
              {merge.isPending ? t('backup.merge.busy') : t('backup.merge.submit')}
            </button>
          </>
        )}
        {merge.isSuccess && <p className="status-line">{t('backup.merge.done')}</p>}
      </div>
      <BackupProgressBar progress={merging} label={t('backup.merge.busy')} />
    </form>
  );
}
