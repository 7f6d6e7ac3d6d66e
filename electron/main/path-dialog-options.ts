/**
 * What each native file dialog looks like: open, save or folder, its title and file types. No
 * `electron` import (types only), so it is unit-tested without the binary.
 */
import type { OpenDialogOptions, SaveDialogOptions } from 'electron';
import type { PathPurpose } from '../../shared/domain/desktop.ts';
import type { DesktopStrings } from './desktop-strings.ts';

export type PathDialog = { readonly kind: 'open'; readonly options: OpenDialogOptions } | { readonly kind: 'save'; readonly options: SaveDialogOptions };

export function pathDialog(purpose: PathPurpose, strings: DesktopStrings, current: string | undefined): PathDialog {
  const d = strings.dialogs;
  const start = current?.trim() ? { defaultPath: current.trim() } : {};
  const backups = [{ name: d.backupFiles, extensions: ['enishi-backup'] }];
  switch (purpose) {
    case 'backup-save':
      return { kind: 'save', options: { title: d.backupSave, filters: backups, properties: ['createDirectory', 'showOverwriteConfirmation'], ...start } };
    case 'backup-open':
      return { kind: 'open', options: { title: d.backupOpen, filters: backups, properties: ['openFile'], ...start } };
    case 'import-open':
      return { kind: 'open', options: { title: d.importOpen, filters: [{ name: d.contactFiles, extensions: ['vcf', 'vcard', 'csv', 'json'] }], properties: ['openFile'], ...start } };
    case 'export-save':
      return { kind: 'save', options: { title: d.exportSave, properties: ['createDirectory', 'showOverwriteConfirmation'], ...start } };
    case 'folder':
      return { kind: 'open', options: { title: d.folder, properties: ['openDirectory', 'createDirectory'], ...start } };
  }
}

