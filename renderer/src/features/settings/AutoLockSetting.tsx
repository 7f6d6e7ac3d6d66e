import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AUTO_LOCK_CHOICES, type VaultSettings } from '../../../../shared/domain/vault.ts';
import { apiQueryKey, useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';

export function AutoLockSetting() {
  const { t } = useTranslation();
  const id = useId();
  const queryClient = useQueryClient();
  const settings = useApiQuery('getSettings', {});
  const update = useApiMutation('updateSettings');
  const [saved, setSaved] = useState(false);

  const onChange = (minutes: VaultSettings['autoLockMinutes']) => {
    setSaved(false);
    update.mutate(
      { autoLockMinutes: minutes },
      {
        onSuccess: (next) => {
          queryClient.setQueryData(apiQueryKey('getSettings', {}), next);
          setSaved(true);
        },
      },
    );
  };

  return (
    <div className="field">
      <label htmlFor={id}>{t('settings.autoLock.label')}</label>
      <select
        id={id}
        className="narrow"
        value={settings.data?.autoLockMinutes ?? ''}
        disabled={!settings.data || update.isPending}
        aria-describedby={`${id}-hint`}
        onChange={(event) => onChange(Number(event.target.value) as VaultSettings['autoLockMinutes'])}
      >
        {AUTO_LOCK_CHOICES.map((minutes) => (
          <option key={minutes} value={minutes}>
            {minutes === 0 ? t('settings.autoLock.never') : t('settings.autoLock.minutes', { count: minutes })}
          </option>
        ))}
      </select>
      <div id={`${id}-hint`} className="field-hint">
        {t('settings.autoLock.hint')}
      </div>
      <p className="status-line" role="status">
        {saved ? t('settings.autoLock.saved') : ''}
      </p>
      <ErrorMessage error={update.error ?? settings.error} />
    </div>
  );
}
