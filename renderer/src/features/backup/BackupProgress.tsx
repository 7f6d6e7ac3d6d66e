import { useTranslation } from 'react-i18next';

/** A progress bar for a long backup operation; nothing until the first report. */
export function BackupProgressBar({ progress, label }: { readonly progress: { done: number; total: number } | undefined; readonly label: string }) {
  const { t } = useTranslation();
  if (!progress || progress.total === 0) return null;
  return (
    <div className="backup-progress">
      <progress max={progress.total} value={progress.done} aria-label={label} />
      <span>{t('backup.progress', { done: progress.done, total: progress.total })}</span>
    </div>
  );
}
