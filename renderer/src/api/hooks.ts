import { useMutation, useQuery, useQueryClient, type Query } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { MethodInput, MethodName, MethodOutput, QueryName } from '../../../shared/api/contract.ts';
import { rememberEngineStopped } from '../features/vault/engine-notice.ts';
import { callApi, onApiEvent, type ApiCallError } from './client.ts';

export function apiQueryKey<M extends QueryName>(method: M, input?: MethodInput<M>) {
  return input === undefined ? [method] : [method, input];
}

export function useApiQuery<M extends QueryName>(method: M, input: MethodInput<M>, options: { enabled?: boolean; placeholderData?: <T>(previous: T) => T } = {}) {
  return useQuery<MethodOutput<M>, ApiCallError>({
    queryKey: apiQueryKey(method, input),
    queryFn: () => callApi(method, input),
    ...options,
  });
}

export function useApiMutation<M extends MethodName>(method: M) {
  return useMutation<MethodOutput<M>, ApiCallError, MethodInput<M>>({
    mutationFn: (input) => callApi(method, input),
  });
}

/** Queries that read vault contents (everything but the vault's status and settings). */
const readsData = (query: Query) => !['getVaultStatus', 'getSettings', 'getVaultHealth'].includes(String(query.queryKey[0]));

/**
 * Keeps queries current from the service's change events. A lock reloads the page, so nothing
 * decrypted stays in the renderer's memory.
 */
export function useApiEvents(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const unsubscribers = [
      onApiEvent('dataChanged', () => void queryClient.invalidateQueries({ predicate: readsData })),
      onApiEvent('settingsChanged', () => void queryClient.invalidateQueries({ queryKey: apiQueryKey('getSettings') })),
      onApiEvent('syncChanged', () => {
        void queryClient.invalidateQueries({ queryKey: apiQueryKey('getDevices') });
        void queryClient.invalidateQueries({ queryKey: apiQueryKey('getSyncStatus') });
      }),
      onApiEvent('backupChanged', () => void queryClient.invalidateQueries({ queryKey: apiQueryKey('getBackupSchedule') })),
      onApiEvent('vaultStatusChanged', ({ state }) => {
        // Start over without the view that was open (its URL names a person): nothing of it stays.
        if (state === 'locked') window.location.replace(window.location.pathname);
        else void queryClient.invalidateQueries();
      }),
      onApiEvent('engineStopped', ({ restarted }) => {
        // The engine that held the vault is gone: start over at the lock screen, which says why.
        rememberEngineStopped(restarted);
        window.location.replace(window.location.pathname);
      }),
    ];
    return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
  }, [queryClient]);
}
