import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupScheduleState } from '../../../../shared/domain/backup.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Field, SelectField } from '../../ui/Field.tsx';
import { PathField } from '../../ui/PathField.tsx';
import { useDateFormat } from '../../ui/format.ts';
import { BackupPassphraseChoice, useBackupPassphrase } from './BackupPassphraseChoice.tsx';

/** Automatic backups: off (the form to turn them on), or on (when, where, the last one, and "back up now"). */
export function AutoBackupCard() {
  const schedule = useApiQuery('getBackupSchedule', {});
  const [editing, setEditing] = useState(false);
  if (schedule.error) return <ErrorMessage error={schedule.error} />;
  if (schedule.data === undefined) return null;
  if (schedule.data === null || editing) return <AutoBackupForm current={schedule.data ?? undefined} onDone={() => setEditing(false)} />;
  return <AutoBackupStatus state={schedule.data} onChange={() => setEditing(true)} />;
}

function AutoBackupStatus({ state, onChange }: { readonly state: BackupScheduleState; readonly onChange: () => void }) {
  const { t } = useTranslation();
  const { dateTime } = useDateFormat();
  const run = useApiMutation('runScheduledBackup');
  const stop = useApiMutation('stopBackupSchedule');
  return (
    <div className="stack narrow-form">
      <p>{t(state.everyDays === 7 ? 'backup.auto.onWeekly' : 'backup.auto.onDaily', { folder: state.folder, keep: state.keep })}</p>
      <p className="card-lead">{state.lastAt !== undefined ? t('backup.auto.last', { when: dateTime(state.lastAt) }) : t('backup.auto.never')}</p>
      <p className="card-lead">{t('backup.auto.next', { when: dateTime(state.nextAt) })}</p>
      {state.lastError && (
        <p className="error-banner" role="alert" data-error-code={state.lastError}>
          {t('backup.auto.failed')} {t(`errors.${state.lastError}`)}
        </p>
      )}
      <ErrorMessage error={run.error ?? stop.error} />
      <p className="status-line" role="status">
        {run.data ? t('backup.make.done', { path: run.data.path }) : ''}
      </p>
      <div className="button-row">
        <button type="button" className="primary" disabled={run.isPending} onClick={() => run.mutate({})}>
          {run.isPending ? t('backup.make.busy') : t('backup.auto.now')}
        </button>
        <button type="button" onClick={onChange}>
          {t('backup.auto.change')}
        </button>
        <button type="button" disabled={stop.isPending} onClick={() => stop.mutate({})}>
          {t('backup.auto.off')}
        </button>
      </div>
    </div>
  );
}

function AutoBackupForm({ current, onDone }: { readonly current: BackupScheduleState | undefined; readonly onDone: () => void }) {
  const { t } = useTranslation();
  const set = useApiMutation('setBackupSchedule');
  const [folder, setFolder] = useState(current?.folder ?? '');
  const [everyDays, setEveryDays] = useState<1 | 7>(current?.everyDays ?? 1);
  const [keep, setKeep] = useState(String(current?.keep ?? 7));
  const passphrase = useBackupPassphrase();
  const [submitted, setSubmitted] = useState(false);
  const keepCount = Number(keep);
  const keepValid = Number.isInteger(keepCount) && keepCount >= 1 && keepCount <= 100;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!folder.trim() || !keepValid || !passphrase.isAcceptable()) return;
    set.mutate({ schedule: { folder, everyDays, keep: keepCount }, passphrase: passphrase.value(), sameAsVault: passphrase.sameAsVault }, { onSuccess: onDone });
  };

  return (
    <form className="stack narrow-form" onSubmit={onSubmit} noValidate aria-busy={set.isPending}>
      <PathField purpose="folder" label={t('backup.auto.folder')} hint={t('backup.auto.folderHint')} value={folder} onValueChange={setFolder} required error={submitted && !folder.trim() ? t('validation.required') : undefined} />
      <SelectField label={t('backup.auto.every')} value={String(everyDays)} onChange={(e) => setEveryDays(e.target.value === '7' ? 7 : 1)}>
        <option value="1">{t('backup.auto.daily')}</option>
        <option value="7">{t('backup.auto.weekly')}</option>
      </SelectField>
      <Field label={t('backup.auto.keep')} type="number" min={1} max={100} value={keep} onChange={(e) => setKeep(e.target.value)} required error={submitted && !keepValid ? t('backup.auto.keepRange') : undefined} />
      <BackupPassphraseChoice state={passphrase} name="auto-backup-passphrase" submitted={submitted} />
      <p className="hint">{t('backup.auto.keyNote')}</p>
      <ErrorMessage error={set.error} />
      <div className="button-row">
        <button type="submit" className="primary" disabled={set.isPending || !passphrase.ready}>
          {set.isPending ? t('backup.auto.busy') : t('backup.auto.submit')}
        </button>
        {current && (
          <button type="button" onClick={onDone}>
            {t('backup.auto.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
