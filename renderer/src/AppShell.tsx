import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation } from './api/hooks.ts';
import { CoachView } from './features/coach/CoachView.tsx';
import { ContactDetailView } from './features/contacts/ContactDetailView.tsx';
import { ContactsView } from './features/contacts/ContactsView.tsx';
import { BackupView } from './features/backup/BackupView.tsx';
import { clearPendingOpen, usePendingOpen } from './features/desktop/open-request-store.ts';
import { useMenuCommands } from './features/desktop/use-desktop-shell.ts';
import { SyncIndicator } from './features/devices/SyncIndicator.tsx';
import { DuplicatesView } from './features/duplicates/DuplicatesView.tsx';
import { EventDetailView } from './features/events/EventDetailView.tsx';
import { EventsView } from './features/events/EventsView.tsx';
import { GoalsView } from './features/goals/GoalsView.tsx';
import { IntroductionView } from './features/introductions/IntroductionView.tsx';
import { SearchPalette } from './features/search/SearchPalette.tsx';
import { SettingsView } from './features/settings/SettingsView.tsx';
import { TimelineView } from './features/timeline/TimelineView.tsx';
import { HealthBanner } from './features/vault/HealthBanner.tsx';
import { hrefOf, navigate, useRoute, type Route } from './navigation.ts';
import { BrandMark } from './ui/BrandMark.tsx';
import { ToastProvider } from './ui/Toasts.tsx';

// The views with big libraries of their own (the goal map's graph, the charts, the QR code) load when first opened.
const GoalMapView = lazy(() => import('./features/goals/GoalMapView.tsx').then((module) => ({ default: module.GoalMapView })));
const ReciprocityView = lazy(() => import('./features/reciprocity/ReciprocityView.tsx').then((module) => ({ default: module.ReciprocityView })));
const DevicesView = lazy(() => import('./features/devices/DevicesView.tsx').then((module) => ({ default: module.DevicesView })));

const NAV: readonly { view: Route['view']; route: Route; label: 'nav.coach' | 'nav.contacts' | 'nav.timeline' | 'nav.events' | 'nav.goals' | 'nav.reciprocity' | 'nav.duplicates' | 'nav.devices' | 'nav.backup' | 'nav.settings' }[] = [
  { view: 'coach', route: { view: 'coach' }, label: 'nav.coach' },
  { view: 'contacts', route: { view: 'contacts' }, label: 'nav.contacts' },
  { view: 'timeline', route: { view: 'timeline' }, label: 'nav.timeline' },
  { view: 'events', route: { view: 'events' }, label: 'nav.events' },
  { view: 'goals', route: { view: 'goals' }, label: 'nav.goals' },
  { view: 'reciprocity', route: { view: 'reciprocity' }, label: 'nav.reciprocity' },
  { view: 'duplicates', route: { view: 'duplicates' }, label: 'nav.duplicates' },
  { view: 'devices', route: { view: 'devices' }, label: 'nav.devices' },
  { view: 'backup', route: { view: 'backup' }, label: 'nav.backup' },
  { view: 'settings', route: { view: 'settings' }, label: 'nav.settings' },
];

const SECTION_OF: Record<Route['view'], Route['view']> = { contacts: 'contacts', contact: 'contacts', timeline: 'timeline', events: 'events', event: 'events', goals: 'goals', 'goal-map': 'goals', introduce: 'contacts', coach: 'coach', reciprocity: 'reciprocity', duplicates: 'duplicates', devices: 'devices', backup: 'backup', settings: 'settings' };

function CurrentView({ route }: { readonly route: Route }) {
  switch (route.view) {
    case 'contacts':
      // Keyed by the goal, so following a goal's link starts the list from that filter.
      return <ContactsView key={`${route.goalId ?? ''}${route.adding ? ':new' : ''}`} startAdding={route.adding ?? false} {...(route.goalId && { goalId: route.goalId })} />;
    case 'contact':
      return <ContactDetailView key={route.id} id={route.id} />;
    case 'timeline':
      return <TimelineView />;
    case 'events':
      return <EventsView />;
    case 'event':
      return <EventDetailView key={route.id} id={route.id} />;
    case 'goals':
      return <GoalsView />;
    case 'goal-map':
      return <GoalMapView />;
    case 'introduce':
      return <IntroductionView key={route.first ?? ''} first={route.first} />;
    case 'coach':
      return <CoachView />;
    case 'reciprocity':
      return <ReciprocityView />;
    case 'duplicates':
      return <DuplicatesView />;
    case 'devices':
      return <DevicesView />;
    case 'backup':
      return <BackupView />;
    case 'settings':
      return <SettingsView />;
    default: {
      const unreachable: never = route;
      return unreachable;
    }
  }
}

/** The unlocked app: navigation and search on the left, the current view on the right. */
export function AppShell({ vaultName }: { readonly vaultName: string }) {
  const { t } = useTranslation();
  const lock = useApiMutation('lockVault');
  const route = useRoute();
  const [searching, setSearching] = useState(false);
  const openSearch = useCallback(() => setSearching(true), []);
  const lockNow = useCallback(() => lock.mutate({}), [lock]);
  useMenuCommands({ find: openSearch, lock: lockNow });
  // A backup file opened from the OS goes to "Check or merge a backup", its path filled in.
  const pending = usePendingOpen();
  useEffect(() => {
    if (pending?.kind === 'backup-file') navigate({ view: 'backup' });
  }, [pending]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setSearching(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const mac = navigator.platform.toLowerCase().includes('mac');
  return (
    <ToastProvider>
      <div className="shell">
        <nav className="sidebar" aria-label={t('nav.main')}>
          <div className="brand">
            <BrandMark size={32} />
            <span className="brand-text">
              <span className="brand-name">{t('app.name')}</span>
              <span className="vault-name">{vaultName}</span>
            </span>
          </div>
          <button type="button" className="search-button" onClick={() => setSearching(true)} aria-keyshortcuts={mac ? 'Meta+K' : 'Control+K'}>
            <span>{t('nav.search')}</span>
            <kbd>{mac ? '⌘K' : 'Ctrl+K'}</kbd>
          </button>
          <ul className="nav-list">
            {NAV.map((item) => (
              <li key={item.view}>
                <a href={hrefOf(item.route)} className="nav-item" aria-current={SECTION_OF[route.view] === item.view ? 'page' : undefined}>
                  {t(item.label)}
                </a>
              </li>
            ))}
          </ul>
          <div className="sidebar-bottom">
            <SyncIndicator />
            <button type="button" className="lock-button" onClick={() => lock.mutate({})} disabled={lock.isPending}>
              {t('vault.lock')}
            </button>
          </div>
        </nav>
        <main className="content">
          <HealthBanner />
          {pending?.kind === 'pair' ? (
            <section className="notice-banner" role="status">
              <p>{t('desktop.pairLinkHere')}</p>
              <button type="button" onClick={clearPendingOpen}>
                {t('common.close')}
              </button>
            </section>
          ) : null}
          <Suspense fallback={<div className="view-loading" aria-busy="true" />}>
            <CurrentView route={route} />
          </Suspense>
        </main>
        <SearchPalette open={searching} onClose={() => setSearching(false)} />
      </div>
    </ToastProvider>
  );
}
