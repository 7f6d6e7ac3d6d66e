import { useTranslation } from 'react-i18next';
import { useApiMutation } from './api/hooks.ts';
import { ContactsView } from './features/contacts/ContactsView.tsx';
import { SettingsView } from './features/settings/SettingsView.tsx';
import { HealthBanner } from './features/vault/HealthBanner.tsx';
import { useRoute, type Route } from './navigation.ts';
import { BrandMark } from './ui/BrandMark.tsx';
import { LanguageSwitch } from './ui/LanguageSwitch.tsx';

const NAV: readonly { route: Route; label: 'nav.contacts' | 'nav.settings' }[] = [
  { route: 'contacts', label: 'nav.contacts' },
  { route: 'settings', label: 'nav.settings' },
];

/** The unlocked app: navigation on the left, the current view on the right. */
export function AppShell({ vaultName }: { readonly vaultName: string }) {
  const { t } = useTranslation();
  const lock = useApiMutation('lockVault');
  const route = useRoute();
  return (
    <div className="shell">
      <nav className="sidebar" aria-label={t('nav.main')}>
        <div className="brand">
          <BrandMark size={32} />
          <span className="brand-text">
            <span className="brand-name">{t('app.name')}</span>
            <span className="vault-name">{vaultName}</span>
          </span>
        </div>
        <ul className="nav-list">
          {NAV.map((item) => (
            <li key={item.route}>
              <a href={`#${item.route}`} className="nav-item" aria-current={route === item.route ? 'page' : undefined}>
                {t(item.label)}
              </a>
            </li>
          ))}
        </ul>
        <div className="sidebar-bottom">
          <LanguageSwitch />
          <button type="button" className="lock-button" onClick={() => lock.mutate({})} disabled={lock.isPending}>
            {t('vault.lock')}
          </button>
        </div>
      </nav>
      <main className="content">
        <HealthBanner />
        {route === 'settings' ? <SettingsView /> : <ContactsView />}
      </main>
    </div>
  );
}
