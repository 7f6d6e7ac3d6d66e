import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { VaultSettings } from '../../../../shared/domain/vault.ts';
import { apiQueryKey, useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Field } from '../../ui/Field.tsx';

/** Desktop notifications for what is due, and the quiet hours when none are shown. */
export function NotificationSetting() {
  const settings = useApiQuery('getSettings', {});
  return settings.data ? <NotificationForm stored={settings.data} /> : null;
}

function NotificationForm({ stored }: { readonly stored: VaultSettings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const update = useApiMutation('updateSettings');
  const [state, setState] = useState({ notify: stored.notify, quietFrom: stored.quietFrom, quietUntil: stored.quietUntil });
  const [saved, setSaved] = useState(false);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    update.mutate(state, {
      onSuccess: (next) => {
        queryClient.setQueryData(apiQueryKey('getSettings', {}), next);
        setSaved(true);
      },
    });
  };
  return (
    <form className="stack" onSubmit={onSubmit}>
      <label className="check">
        <input type="checkbox" checked={state.notify} onChange={(e) => setState({ ...state, notify: e.target.checked })} />
        {t('settings.notifications.enabled')}
      </label>
      <p className="field-hint">{t('settings.notifications.hint')}</p>
      <fieldset className="quiet-hours" disabled={!state.notify}>
        <legend>{t('settings.notifications.quiet')}</legend>
        <Field label={t('settings.notifications.from')} type="time" required value={state.quietFrom} onChange={(e) => setState({ ...state, quietFrom: e.target.value })} />
        <Field label={t('settings.notifications.until')} type="time" required value={state.quietUntil} onChange={(e) => setState({ ...state, quietUntil: e.target.value })} />
      </fieldset>
      <div className="form-actions">
        <button type="submit" disabled={update.isPending}>
          {t('common.save')}
        </button>
      </div>
      <p className="status-line" role="status">
        {saved ? t('settings.notifications.saved') : ''}
      </p>
      <ErrorMessage error={update.error} />
    </form>
  );
}
