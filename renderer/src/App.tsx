import { useState } from 'react';
import { useApiEvents, useApiQuery } from './api/hooks.ts';
import { AppShell } from './AppShell.tsx';
import { CreateVaultView } from './features/vault/CreateVaultView.tsx';
import { JoinVaultView } from './features/vault/JoinVaultView.tsx';
import { UnlockView } from './features/vault/UnlockView.tsx';
import { ErrorMessage } from './ui/ErrorMessage.tsx';

export function App() {
  useApiEvents();
  const status = useApiQuery('getVaultStatus', {});
  const [joining, setJoining] = useState(false);
  if (status.error) return <ErrorMessage error={status.error} />;
  if (!status.data) return <div className="splash" aria-busy="true" />;
  switch (status.data.state) {
    case 'none':
      return joining ? <JoinVaultView onCreateInstead={() => setJoining(false)} /> : <CreateVaultView onJoinInstead={() => setJoining(true)} />;
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
