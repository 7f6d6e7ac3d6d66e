import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../ui/LanguageSwitch.tsx';
import { AutoLockSetting } from './AutoLockSetting.tsx';
import { DesktopSetting } from './DesktopSetting.tsx';
import { MyCompanySetting } from './MyCompanySetting.tsx';
import { NotificationSetting } from './NotificationSetting.tsx';
import { ChangePassphraseForm } from './ChangePassphraseForm.tsx';

export function SettingsView() {
  const { t } = useTranslation();
  return (
    <section className="view" aria-labelledby="settings-title">
      <header className="view-header">
        <h1 id="settings-title">{t('settings.title')}</h1>
      </header>
      <div className="settings-sections">
        <section className="card" aria-labelledby="settings-security">
          <h2 id="settings-security">{t('settings.security')}</h2>
          <AutoLockSetting />
        </section>
        <section className="card" aria-labelledby="settings-passphrase">
          <h2 id="settings-passphrase">{t('settings.passphrase.title')}</h2>
          <p className="card-lead">{t('settings.passphrase.lead')}</p>
          <ChangePassphraseForm />
        </section>
        <section className="card" aria-labelledby="settings-notifications">
          <h2 id="settings-notifications">{t('settings.notifications.title')}</h2>
          <NotificationSetting />
        </section>
        <section className="card" aria-labelledby="settings-desktop">
          <h2 id="settings-desktop">{t('settings.desktop.title')}</h2>
          <p className="card-lead">{t('settings.desktop.lead')}</p>
          <DesktopSetting />
        </section>
        <section className="card" aria-labelledby="settings-general">
          <h2 id="settings-general">{t('settings.general')}</h2>
          <LanguageSwitch />
          <MyCompanySetting />
        </section>
      </div>
    </section>
  );
}
