import { useTranslation } from 'react-i18next';
import { usePendingOpen } from '../desktop/open-request-store.ts';
import { AutoBackupCard } from './AutoBackupCard.tsx';
import { CheckBackupForm } from './CheckBackupForm.tsx';
import { ExportContactsForm } from './ExportContactsForm.tsx';
import { ImportContactsForm } from './ImportContactsForm.tsx';
import { MakeBackupForm } from './MakeBackupForm.tsx';

export function BackupView() {
  const { t } = useTranslation();
  const pending = usePendingOpen();
  const openedFile = pending?.kind === 'backup-file' ? pending.path : '';
  return (
    <section className="view" aria-labelledby="backup-title">
      <header className="view-header">
        <h1 id="backup-title">{t('backup.title')}</h1>
      </header>
      <p className="lead">{t('backup.lead')}</p>
      <div className="settings-sections">
        <section className="card" aria-labelledby="backup-make">
          <h2 id="backup-make">{t('backup.make.title')}</h2>
          <p className="card-lead">{t('backup.make.lead')}</p>
          <MakeBackupForm />
        </section>
        <section className="card" aria-labelledby="backup-auto">
          <h2 id="backup-auto">{t('backup.auto.title')}</h2>
          <p className="card-lead">{t('backup.auto.lead')}</p>
          <AutoBackupCard />
        </section>
        <section className="card" aria-labelledby="backup-import">
          <h2 id="backup-import">{t('importer.title')}</h2>
          <p className="card-lead">{t('importer.lead')}</p>
          <ImportContactsForm />
        </section>
        <section className="card" aria-labelledby="backup-export">
          <h2 id="backup-export">{t('exporter.title')}</h2>
          <p className="card-lead">{t('exporter.lead')}</p>
          <ExportContactsForm />
        </section>
        <section className="card" aria-labelledby="backup-check">
          <h2 id="backup-check">{t('backup.check.title')}</h2>
          <p className="card-lead">{t('backup.check.lead')}</p>
          <CheckBackupForm key={openedFile} initialPath={openedFile} />
        </section>
      </div>
    </section>
  );
}
