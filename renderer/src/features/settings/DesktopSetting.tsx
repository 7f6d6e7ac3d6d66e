import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DesktopPreferences, DesktopPreferencesView } from '../../../../shared/domain/desktop.ts';
import { apiQueryKey, useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';

/** This computer only: open at login, hide from screen capture, the due count on the app icon. Saved as soon as it is ticked. */
export function DesktopSetting() {
  const preferences = useApiQuery('getDesktopPreferences', {});
  return preferences.data ? <DesktopForm stored={preferences.data} /> : <ErrorMessage error={preferences.error} />;
}

const OPTIONS: readonly { key: keyof DesktopPreferences; supported: (view: DesktopPreferencesView) => boolean }[] = [
  { key: 'openAtLogin', supported: (view) => view.supports.openAtLogin },
  { key: 'hideFromScreenCapture', supported: (view) => view.supports.contentProtection },
  { key: 'showDueBadge', supported: (view) => view.supports.badge },
];

function DesktopForm({ stored }: { readonly stored: DesktopPreferencesView }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const update = useApiMutation('setDesktopPreferences');
  const [values, setValues] = useState<DesktopPreferences>(stored);
  const [saved, setSaved] = useState<keyof DesktopPreferences | undefined>();
  const change = (key: keyof DesktopPreferences, value: boolean) => {
    setSaved(undefined);
    setValues((current) => ({ ...current, [key]: value }));
    update.mutate(
      { [key]: value },
      {
        onSuccess: (next) => {
          queryClient.setQueryData(apiQueryKey('getDesktopPreferences', {}), next);
          setSaved(key);
        },
        onError: () => setValues((current) => ({ ...current, [key]: !value })),
      },
    );
  };
  return (
    <div className="stack">
      {OPTIONS.map(({ key, supported }) => {
        const available = supported(stored);
        return (
          <div key={key}>
            <label className="check">
              <input type="checkbox" checked={values[key]} disabled={!available} onChange={(e) => change(key, e.target.checked)} aria-describedby={`desktop-${key}-hint`} />
              {t(`settings.desktop.${key}.label`)}
            </label>
            <p className="field-hint" id={`desktop-${key}-hint`}>
              {available ? t(`settings.desktop.${key}.hint`) : t('settings.desktop.unsupported')}
            </p>
          </div>
        );
      })}
      <p className="status-line" role="status">
        {saved ? t('settings.desktop.saved') : ''}
      </p>
      <ErrorMessage error={update.error} />
    </div>
  );
}
