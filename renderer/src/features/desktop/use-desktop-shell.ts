/**
 * The renderer's side of the desktop shell: it takes what the OS asked the app to open, tells main
 * the UI language (for the native menu and notifications), and carries out native menu commands.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { MenuCommand } from '../../../../shared/domain/desktop.ts';
import { callApi, onApiEvent } from '../../api/client.ts';
import { navigate, type Route } from '../../navigation.ts';
import { setPendingOpen } from './open-request-store.ts';

/** Everywhere, locked or not: open requests and the language. */
export function useOpenRequestsAndLanguage(): void {
  const { i18n } = useTranslation();
  const language = i18n.language === 'ja' ? 'ja' : 'en';
  useEffect(() => {
    const take = () =>
      void callApi('takeOpenRequest', {}).then(
        (request) => request && setPendingOpen(request),
        () => undefined,
      );
    take();
    return onApiEvent('openRequested', take);
  }, []);
  useEffect(() => {
    void callApi('setDesktopPreferences', { language }).catch(() => undefined);
  }, [language]);
}

const VIEW_OF: Partial<Record<MenuCommand, Route>> = {
  'go-coach': { view: 'coach' },
  'go-contacts': { view: 'contacts' },
  'go-timeline': { view: 'timeline' },
  'go-events': { view: 'events' },
  'go-goals': { view: 'goals' },
  'go-reciprocity': { view: 'reciprocity' },
  'go-devices': { view: 'devices' },
  'go-backup': { view: 'backup' },
  'go-settings': { view: 'settings' },
  'new-contact': { view: 'contacts', adding: true },
};

/** In the unlocked app: the native menu's commands. */
export function useMenuCommands(actions: { readonly find: () => void; readonly lock: () => void }): void {
  const { find, lock } = actions;
  useEffect(
    () =>
      onApiEvent('menuCommand', ({ command }) => {
        if (command === 'find') find();
        else if (command === 'lock') lock();
        else {
          const route = VIEW_OF[command];
          if (route) navigate(route);
        }
      }),
    [find, lock],
  );
}
