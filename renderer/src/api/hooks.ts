import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { MethodInput, MethodName, MethodOutput, QueryName } from '../../../shared/api/contract.ts';
import { callApi, onApiEvent, type ApiCallError } from './client.ts';

export function apiQueryKey<M extends QueryName>(method: M, input?: MethodInput<M>) {
  return input === undefined ? [method] : [method, input];
}

export function useApiQuery<M extends QueryName>(method: M, input: MethodInput<M>, options: { enabled?: boolean } = {}) {
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

/**
 * Keeps queries current from the service's change events. A lock reloads the page, so nothing
 * decrypted stays in the renderer's memory.
 */
export function useApiEvents(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const unsubscribers = [
      onApiEvent('contactsChanged', () => void queryClient.invalidateQueries({ queryKey: apiQueryKey('listContacts') })),
      onApiEvent('vaultStatusChanged', ({ state }) => {
        if (state === 'locked') window.location.reload();
        else void queryClient.invalidateQueries();
      }),
    ];
    return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
  }, [queryClient]);
}
