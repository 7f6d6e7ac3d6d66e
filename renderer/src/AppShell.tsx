import { useTranslation } from 'react-i18next';
import { useApiMutation } from './api/hooks.ts';
import { ContactsView } from './features/contacts/ContactsView.tsx';
import { BrandMark } from './ui/BrandMark.tsx';
import { LanguageSwitch } from './ui/LanguageSwitch.tsx';

/** The unlocked app: navigation on the left, the current view on the right. */
export function AppShell({ vaultName }: { readonly vaultName: string }) {
  const { t } = useTranslation();
  const lock = useApiMutation('lockVault');
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
          <li>
            <a href="#contacts" className="nav-item" aria-current="page">
              {t('nav.contacts')}
            </a>
          </li>
        </ul>
        <div className="sidebar-bottom">
          <LanguageSwitch />
          <button type="button" className="lock-button" onClick={() => lock.mutate({})} disabled={lock.isPending}>
            {t('vault.lock')}
          </button>
        </div>
      </nav>
      <main className="content">
        <ContactsView />
      </main>
    </div>
  );
}
