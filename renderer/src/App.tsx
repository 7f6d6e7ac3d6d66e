import { useState } from 'react';
import { useApiEvents, useApiQuery } from './api/hooks.ts';
import { AppShell } from './AppShell.tsx';
import { CreateVaultView } from './features/vault/CreateVaultView.tsx';
import { JoinVaultView } from './features/vault/JoinVaultView.tsx';
import { RestoreVaultView } from './features/vault/RestoreVaultView.tsx';
import { UnlockView } from './features/vault/UnlockView.tsx';
import { ErrorMessage } from './ui/ErrorMessage.tsx';

export function App() {
  useApiEvents();
  const status = useApiQuery('getVaultStatus', {});
  const [setup, setSetup] = useState<'create' | 'join' | 'restore'>('create');
  if (status.error) return <ErrorMessage error={status.error} />;
  if (!status.data) return <div className="splash" aria-busy="true" />;
  switch (status.data.state) {
    case 'none':
      if (setup === 'join') return <JoinVaultView onCreateInstead={() => setSetup('create')} />;
      if (setup === 'restore') return <RestoreVaultView onCreateInstead={() => setSetup('create')} />;
      return <CreateVaultView onJoinInstead={() => setSetup('join')} onRestoreInstead={() => setSetup('restore')} />;
    case 'locked':
      return <UnlockView />;
    case 'unlocked':
      return <AppShell vaultName={status.data.name} />;
    default: {
      const unreachable: never = status.data;
      return unreachable;
    }
  }
}
