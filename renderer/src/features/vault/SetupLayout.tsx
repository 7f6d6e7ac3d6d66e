import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrandMark } from '../../ui/BrandMark.tsx';
import { LanguageSwitch } from '../../ui/LanguageSwitch.tsx';

/** The frame around the create and unlock screens. */
export function SetupLayout({ title, lead, children }: { readonly title: string; readonly lead: string; readonly children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="setup">
      <header className="setup-top">
        <div className="brand">
          <BrandMark />
          <span className="brand-name">{t('app.name')}</span>
        </div>
        <LanguageSwitch />
      </header>
      <main className="setup-card">
        <h1>{title}</h1>
        <p className="lead">{lead}</p>
        {children}
      </main>
      <p className="setup-tagline">{t('app.tagline')}</p>
    </div>
  );
}
