/**
 * What the user chooses for this computer only (not synced, not in backups, readable before unlock):
 * open at login, hide the window from screen capture, the due count on the app icon, and the UI
 * language the native menu follows. None of it is vault data.
 */
import { z } from 'zod';

export const UI_LANGUAGES = ['ja', 'en'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

export const DesktopPreferencesSchema = z
  .object({
    openAtLogin: z.boolean(),
    hideFromScreenCapture: z.boolean(),
    showDueBadge: z.boolean(),
  })
  .strict();
export type DesktopPreferences = z.output<typeof DesktopPreferencesSchema>;

export const DEFAULT_DESKTOP_PREFERENCES: DesktopPreferences = { openAtLogin: false, hideFromScreenCapture: false, showDueBadge: true };

export const DesktopPreferencesChangeSchema = DesktopPreferencesSchema.partial()
  .extend({ language: z.enum(UI_LANGUAGES).optional() })
  .strict();
export type DesktopPreferencesChange = z.output<typeof DesktopPreferencesChangeSchema>;

/** What this operating system can do (Linux has no login items Electron can set, nor content protection). */
export interface DesktopCapabilities {
  readonly openAtLogin: boolean;
  readonly contentProtection: boolean;
  readonly badge: boolean;
}

export interface DesktopPreferencesView extends DesktopPreferences {
  readonly supports: DesktopCapabilities;
}

/** Something the operating system asked the app to open: a pairing link, or a backup file. */
export type OpenRequest = { readonly kind: 'pair'; readonly code: string } | { readonly kind: 'backup-file'; readonly path: string };

/** What a native file dialog is for: its kind (open, save, folder), title and file types follow from it. */
export const PATH_PURPOSES = ['backup-save', 'backup-open', 'import-open', 'export-save', 'folder'] as const;
export type PathPurpose = (typeof PATH_PURPOSES)[number];

/** What the native application menu asks the window to do (its shortcuts are the menu's, ja and en). */
export const MENU_COMMANDS = ['new-contact', 'find', 'lock', 'go-coach', 'go-contacts', 'go-timeline', 'go-events', 'go-goals', 'go-reciprocity', 'go-devices', 'go-backup', 'go-settings'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];
