import { useSyncExternalStore } from 'react';
import type { ContactId, EventId, GoalId } from '../../shared/domain/ids.ts';

/** Where the user is: the URL's hash, so back/forward and links work and nothing leaves the page. */
export type Route =
  | { readonly view: 'contacts'; readonly goalId?: GoalId; readonly adding?: true }
  | { readonly view: 'contact'; readonly id: ContactId }
  | { readonly view: 'timeline' }
  | { readonly view: 'events' }
  | { readonly view: 'event'; readonly id: EventId }
  | { readonly view: 'goals' }
  | { readonly view: 'goal-map' }
  | { readonly view: 'coach' }
  | { readonly view: 'introduce'; readonly first?: ContactId }
  | { readonly view: 'reciprocity' }
  | { readonly view: 'duplicates' }
  | { readonly view: 'devices' }
  | { readonly view: 'backup' }
  | { readonly view: 'settings' };

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?');
  const [view, id] = path.split('/');
  if (view === 'contacts' && id && /^c[0-9a-z]{26}$/.test(id)) return { view: 'contact', id: id as ContactId };
  if (view === 'events' && id && /^e[0-9a-z]{26}$/.test(id)) return { view: 'event', id: id as EventId };
  if (view === 'goals' && id === 'map') return { view: 'goal-map' };
  if (view === 'introduce') {
    const first = new URLSearchParams(search).get('a');
    return first && /^c[0-9a-z]{26}$/.test(first) ? { view: 'introduce', first: first as ContactId } : { view: 'introduce' };
  }
  if (view === 'timeline' || view === 'events' || view === 'goals' || view === 'coach' || view === 'reciprocity' || view === 'duplicates' || view === 'devices' || view === 'backup' || view === 'settings') return { view };
  const params = new URLSearchParams(search);
  if (view === 'contacts' && params.has('new')) return { view: 'contacts', adding: true };
  const goal = params.get('goal');
  return goal && /^g[0-9a-z]{16}$/.test(goal) ? { view: 'contacts', goalId: goal as GoalId } : { view: 'contacts' };
}

export function hrefOf(route: Route): string {
  switch (route.view) {
    case 'contacts':
      if (route.adding) return '#contacts?new';
      return route.goalId ? `#contacts?goal=${route.goalId}` : '#contacts';
    case 'contact':
      return `#contacts/${route.id}`;
    case 'event':
      return `#events/${route.id}`;
    case 'goal-map':
      return '#goals/map';
    case 'introduce':
      return route.first ? `#introduce?a=${route.first}` : '#introduce';
    case 'timeline':
    case 'events':
    case 'goals':
    case 'coach':
    case 'reciprocity':
    case 'duplicates':
    case 'devices':
    case 'backup':
    case 'settings':
      return `#${route.view}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = hrefOf(route);
}

/** Goes to `route` without leaving the current place in the history (Back skips it). */
export function replaceRoute(route: Route): void {
  window.location.replace(hrefOf(route));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
