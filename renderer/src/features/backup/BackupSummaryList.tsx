import { useTranslation } from 'react-i18next';
import type { BackupSummary } from '../../../../shared/domain/backup.ts';
import { useDateFormat } from '../../ui/format.ts';

export function useByteSize(): (bytes: number) => string {
  const { i18n } = useTranslation();
  return (bytes) => {
    const [value, unit] = bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), 'megabyte'] : bytes >= 1024 ? [bytes / 1024, 'kilobyte'] : [bytes, 'byte'];
    return new Intl.NumberFormat(i18n.language, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
  };
}

/** What a backup holds: which vault, when it was made, how many of each. */
export function BackupSummaryList({ summary }: { readonly summary: BackupSummary }) {
  const { t } = useTranslation();
  const { dateTime } = useDateFormat();
  const size = useByteSize();
  const rows: [string, string][] = [
    [t('backup.summary.vault'), summary.vaultName],
    [t('backup.summary.made'), dateTime(summary.createdAt)],
    [t('backup.summary.contacts'), String(summary.counts.contacts)],
    [t('backup.summary.interactions'), String(summary.counts.interactions)],
    [t('backup.summary.events'), String(summary.counts.events)],
    [t('backup.summary.goals'), String(summary.counts.goals)],
    [t('backup.summary.size'), size(summary.bytes)],
  ];
  return (
    <div className="backup-summary">
      <dl className="facts">
        {rows.map(([term, detail]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{detail}</dd>
          </div>
        ))}
      </dl>
      {summary.sameVault !== undefined && <p className="card-lead">{summary.sameVault ? t('backup.summary.same') : t('backup.summary.other')}</p>}
    </div>
  );
}
