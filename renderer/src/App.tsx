import { useApiEvents, useApiQuery } from './api/hooks.ts';
import { AppShell } from './AppShell.tsx';
import { CreateVaultView } from './features/vault/CreateVaultView.tsx';
import { UnlockView } from './features/vault/UnlockView.tsx';
import { ErrorMessage } from './ui/ErrorMessage.tsx';

export function App() {
  useApiEvents();
  const status = useApiQuery('getVaultStatus', {});
  if (status.error) return <ErrorMessage error={status.error} />;
  if (!status.data) return <div className="splash" aria-busy="true" />;
  switch (status.data.state) {
    case 'none':
      return <CreateVaultView />;
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
