/** Importing and exporting contacts as the API speaks of it (electron/node/interop). */
import type { ImportIssue } from '../interop/import-issues.ts';
export const EXPORT_FORMATS = ['vcard4', 'vcard3', 'csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ImportFormat = 'vcard' | 'linkedin' | 'google' | 'eight' | 'json';
export type RowAction = 'add' | 'update' | 'unchanged';

/** What the user chose for a row instead of the planned action: leave it out, or add it as a person of its own (not filling in a match). */
export const ROW_CHOICES = ['skip', 'separate'] as const;
export type RowChoice = (typeof ROW_CHOICES)[number];

export interface ImportPreviewRow {
  readonly line: number;
  readonly action: RowAction;
  readonly name: string;
  readonly company: string;
  /** Who the row fills in (update, unchanged), by name; or the earlier line of the same person. */
  readonly intoName?: string;
  readonly sameAsLine?: number;
  readonly warnings: readonly ImportIssue[];
}

export interface ImportProblem extends ImportIssue {
  readonly line: number;
}

export interface ImportPreview {
  readonly token: string;
  readonly format: ImportFormat;
  readonly encoding: 'utf-8' | 'shift_jis';
  readonly rows: readonly ImportPreviewRow[];
  readonly problems: readonly ImportProblem[];
  readonly counts: { readonly add: number; readonly update: number; readonly unchanged: number; readonly problems: number };
}

export interface ImportOutcome {
  readonly added: number;
  readonly updated: number;
  readonly unchanged: number;
}

export interface ExportOutcome {
  readonly path: string;
  readonly contacts: number;
  readonly bytes: number;
  readonly privateIncluded: boolean;
}
