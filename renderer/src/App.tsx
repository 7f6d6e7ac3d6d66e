import { lazy, Suspense, useEffect, useState } from 'react';
import { useApiEvents, useApiQuery } from './api/hooks.ts';
import { clearPendingOpen, usePendingOpen } from './features/desktop/open-request-store.ts';
import { useOpenRequestsAndLanguage } from './features/desktop/use-desktop-shell.ts';
import { CreateVaultView } from './features/vault/CreateVaultView.tsx';
import { JoinVaultView } from './features/vault/JoinVaultView.tsx';
import { RestoreVaultView } from './features/vault/RestoreVaultView.tsx';
import { UnlockView } from './features/vault/UnlockView.tsx';
import { ErrorMessage } from './ui/ErrorMessage.tsx';

// The first screen (create, join, restore, unlock) needs none of the unlocked app: that loads beside it,
// and is ready by the time the passphrase is typed.
const loadAppShell = () => import('./AppShell.tsx');
const AppShell = lazy(() => loadAppShell().then((module) => ({ default: module.AppShell })));

export function App() {
  useApiEvents();
  useOpenRequestsAndLanguage();
  const status = useApiQuery('getVaultStatus', {});
  const state = status.data?.state;
  useEffect(() => {
    if (state === 'locked' || state === 'none') void loadAppShell();
  }, [state]);
  const [chosenSetup, setSetup] = useState<'create' | 'join' | 'restore'>('create');
  // A pairing link opened from the OS means "join"; a backup file means "restore" (both only pre-fill the form).
  const pending = usePendingOpen();
  const setup = pending?.kind === 'pair' ? 'join' : pending?.kind === 'backup-file' ? 'restore' : chosenSetup;
  const createInstead = () => {
    clearPendingOpen();
    setSetup('create');
  };
  if (status.error) return <ErrorMessage error={status.error} />;
  if (!status.data) return <div className="splash" aria-busy="true" />;
  switch (status.data.state) {
    case 'none':
      if (setup === 'join') return <JoinVaultView key={pending?.kind === 'pair' ? pending.code : ''} initialCode={pending?.kind === 'pair' ? pending.code : ''} onCreateInstead={createInstead} />;
      if (setup === 'restore') return <RestoreVaultView key={pending?.kind === 'backup-file' ? pending.path : ''} initialPath={pending?.kind === 'backup-file' ? pending.path : ''} onCreateInstead={createInstead} />;
      return <CreateVaultView onJoinInstead={() => setSetup('join')} onRestoreInstead={() => setSetup('restore')} />;
    case 'locked':
      return <UnlockView />;
    case 'unlocked':
      return (
        <Suspense fallback={<div className="splash" aria-busy="true" />}>
          <AppShell vaultName={status.data.name} />
        </Suspense>
      );
    default: {
      const unreachable: never = status.data;
      return unreachable;
    }
  }
}
