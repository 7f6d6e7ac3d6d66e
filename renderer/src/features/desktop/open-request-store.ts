/**
 * The pairing link or backup file the OS asked the app to open, held in the page until the view it
 * belongs to uses it (or the user chooses something else). It only ever pre-fills a form.
 */
import { useSyncExternalStore } from 'react';
import type { OpenRequest } from '../../../../shared/domain/desktop.ts';

let pending: OpenRequest | undefined;
const listeners = new Set<() => void>();

export function setPendingOpen(request: OpenRequest | undefined): void {
  pending = request;
  for (const listener of listeners) listener();
}

export function clearPendingOpen(): void {
  setPendingOpen(undefined);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function usePendingOpen(): OpenRequest | undefined {
  return useSyncExternalStore(subscribe, () => pending);
}
