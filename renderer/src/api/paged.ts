import { keepPreviousData, useQueries } from '@tanstack/react-query';
import type { MethodInput, MethodOutput } from '../../../shared/api/contract.ts';
import type { Page } from '../../../shared/vault/read-model-entries.ts';
import { callApi, type ApiCallError } from './client.ts';
import { apiQueryKey } from './hooks.ts';

type PagedMethod = 'listContacts' | 'listTimeline';
type Row<M extends PagedMethod> = MethodOutput<M> extends Page<infer T> ? T : never;

export const PAGE_SIZE = 100;

/**
 * Rows of a long list, fetched a page at a time for the range on screen: a virtualized list asks
 * for the rows it shows and gets undefined (a placeholder) until that page arrives.
 */
export function usePagedRows<M extends PagedMethod>(method: M, query: Omit<MethodInput<M>, 'offset' | 'limit'>, visible: { start: number; end: number }) {
  const first = Math.floor(visible.start / PAGE_SIZE);
  const last = Math.floor(Math.max(visible.start, visible.end) / PAGE_SIZE);
  const pages = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  if (!pages.includes(0)) pages.unshift(0); // the first page carries the total
  const results = useQueries({
    queries: pages.map((page) => {
      const input = { ...query, offset: page * PAGE_SIZE, limit: PAGE_SIZE } as MethodInput<M>;
      return {
        queryKey: apiQueryKey(method, input),
        queryFn: () => callApi(method, input),
        placeholderData: page === 0 ? keepPreviousData : undefined,
      };
    }),
  });
  const byPage = new Map(pages.map((page, i) => [page, results[i]!.data as Page<Row<M>> | undefined]));
  const head = byPage.get(0);
  return {
    total: head?.total,
    loading: results.some((r) => r.isLoading),
    error: (results.find((r) => r.error)?.error ?? null) as ApiCallError | null,
    row(index: number): Row<M> | undefined {
      return byPage.get(Math.floor(index / PAGE_SIZE))?.items[index % PAGE_SIZE];
    },
  };
}
