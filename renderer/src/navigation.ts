import { useSyncExternalStore } from 'react';

export const ROUTES = ['contacts', 'settings'] as const;
export type Route = (typeof ROUTES)[number];

function currentRoute(): Route {
  const hash = window.location.hash.replace(/^#/, '');
  return (ROUTES as readonly string[]).includes(hash) ? (hash as Route) : 'contacts';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The view named in the URL's hash (#contacts, #settings): in-page, so back/forward and links just work. */
export function useRoute(): Route {
  return useSyncExternalStore(subscribe, currentRoute);
}
