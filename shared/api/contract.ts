/**
 * The one declaration of the API between the renderer and the vault service. Every method and
 * every change event is named here once; channels, the preload, the main-process binding, the
 * test bridge and the renderer's client are all derived from these two objects.
 */
import { z } from 'zod';
import { BACKUP_OPERATIONS, BackupPathSchema, BackupScheduleSchema, type BackupScheduleState, type BackupSummary } from '../domain/backup.ts';
import { EXPORT_FORMATS, ROW_CHOICES, type ExportOutcome, type ImportOutcome, type ImportPreview } from '../domain/import.ts';
import { ContactDraftSchema, STAGES, UNDERSTANDING_FIELDS, type ContactDetail } from '../domain/contact.ts';
import { DeviceIdSchema, DeviceNameSchema, FolderPathSchema, PeerAddressSchema, type DevicesOverview, type PairingOffer, type SyncStatus } from '../domain/device.ts';
import { DesktopPreferencesChangeSchema, MENU_COMMANDS, PATH_PURPOSES, type DesktopPreferencesView, type OpenRequest } from '../domain/desktop.ts';
import { EventDraftSchema, type EventDetail, type EventSummary } from '../domain/event.ts';
import { ContactIdSchema, EventIdSchema, GoalIdSchema, InteractionIdSchema, NoteIdSchema, SourceIdSchema } from '../domain/fields.ts';
import { GoalDraftSchema, SelfProfileSchema, SourceDraftSchema, type GoalOverview, type SelfProfile, type Source } from '../domain/goal.ts';
import type { EventId, GoalId, InteractionId, SourceId } from '../domain/ids.ts';
import { InteractionDraftSchema, type InteractionDraft } from '../domain/interaction.ts';
import type { NoteView } from '../domain/note.ts';
import { ContactQuerySchema, TimelineQuerySchema } from '../domain/queries.ts';
import { PassphraseSchema, VaultNameSchema, VaultSettingsSchema, type VaultHealth, type VaultSettings, type VaultStatus } from '../domain/vault.ts';
import type { IntroductionPerson, IntroductionReasons } from '../insights/introductions.ts';
import type { WayToGive } from '../insights/ways-to-give.ts';
import type { GoalMapData } from '../vault/goal-map.ts';
import type { CoachView, ContactReciprocity, KeepInTouch, ReciprocityOverview } from '../vault/insight-queries.ts';
import type { DuplicatePair, SearchResults, TimelineRow } from '../vault/queries.ts';
import type { ContactListItem, Page } from '../vault/read-model-entries.ts';
import { mutation, query, type MethodSpec } from './define.ts';
import type { Result } from './result.ts';

const noInput = z.object({}).strict();
const byId = <T extends z.ZodType>(id: T) => z.object({ id }).strict();
const pageInput = z.object({ offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(100) }).strict();
/** What a delete returns: the token that undoes it (for ten minutes). */
interface Undoable {
  readonly undoToken: string;
}

/** Edits of confidential notes the user has not revealed keep their stored text (the form never had it). */
const KeepContactText = z
  .object({
    understanding: z.array(z.enum(UNDERSTANDING_FIELDS)).max(UNDERSTANDING_FIELDS.length).default([]),
    notes: z.array(NoteIdSchema).max(1000).default([]),
  })
  .default({ understanding: [], notes: [] });

export const RevealRefSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('interaction'), id: InteractionIdSchema }).strict(),
  z.object({ type: z.literal('event'), id: EventIdSchema }).strict(),
  z.object({ type: z.literal('contact-note'), contactId: ContactIdSchema, noteId: NoteIdSchema }).strict(),
  z.object({ type: z.literal('understanding'), contactId: ContactIdSchema, field: z.enum(UNDERSTANDING_FIELDS) }).strict(),
]);

/** A coach reason's key: its type, then the ids and day it comes from (see shared/insights/coach.ts). */
const CoachReasonKeySchema = z.string().regex(/^(due|thanks|birthday|follow-up|event-follow-up|gap):[0-9a-z:]{1,80}$/);

const FollowUpRefSchema = z.discriminatedUnion('type', [z.object({ type: z.literal('interaction'), id: InteractionIdSchema }).strict(), z.object({ type: z.literal('event'), id: EventIdSchema }).strict()]);

/** What a contact's page shows of the ledger, and what I could offer them. */
export interface ContactInsights extends ContactReciprocity {
  readonly waysToGive: readonly WayToGive[];
  readonly keepInTouch: KeepInTouch;
}

/** Two people as each may hear about the other (only notes they may hear), and why they may help each other. */
export interface Introduction {
  readonly a: IntroductionPerson;
  readonly b: IntroductionPerson;
  readonly reasons: IntroductionReasons;
}

export interface InteractionForEdit extends Omit<InteractionDraft, 'note'> {
  readonly id: InteractionId;
  readonly note: NoteView;
}

export interface MergePreview {
  readonly merged: ContactDetail;
  readonly interactionsMoved: number;
  readonly eventsMoved: number;
}

export const api = {
  // vault
  getVaultStatus: query(noInput).returns<VaultStatus>(),
  createVault: mutation(z.object({ name: VaultNameSchema, passphrase: PassphraseSchema }).strict()).returns<VaultStatus>(),
  unlockVault: mutation(z.object({ passphrase: PassphraseSchema }).strict()).returns<VaultStatus>(),
  lockVault: mutation(noInput).returns<VaultStatus>(),
  changePassphrase: mutation(z.object({ current: PassphraseSchema, next: PassphraseSchema }).strict()).returns<null>(),
  getVaultHealth: query(noInput).returns<VaultHealth>(),
  getSettings: query(noInput).returns<VaultSettings>(),
  updateSettings: mutation(VaultSettingsSchema.partial().strict()).returns<VaultSettings>(),
  // contacts
  listContacts: query(ContactQuerySchema).returns<Page<ContactListItem>>(),
  getContactFacets: query(noInput).returns<{ tags: { value: string; count: number }[]; companies: { value: string; count: number }[] }>(),
  getContact: query(byId(ContactIdSchema)).returns<ContactDetail>(),
  addContact: mutation(ContactDraftSchema).returns<ContactListItem>(),
  updateContact: mutation(z.object({ id: ContactIdSchema, draft: ContactDraftSchema, keepText: KeepContactText }).strict()).returns<ContactListItem>(),
  setContactStage: mutation(z.object({ id: ContactIdSchema, stage: z.enum(STAGES) }).strict()).returns<ContactListItem>(),
  setContactArchived: mutation(z.object({ id: ContactIdSchema, archived: z.boolean() }).strict()).returns<ContactListItem>(),
  deleteContact: mutation(byId(ContactIdSchema)).returns<Undoable>(),
  undo: mutation(z.object({ token: z.string().regex(/^[0-9a-f]{32}$/) }).strict()).returns<null>(),
  // interactions
  listTimeline: query(TimelineQuerySchema).returns<Page<TimelineRow>>(),
  getTimelineLayout: query(TimelineQuerySchema).returns<{ total: number; headings: number[] }>(),
  getInteraction: query(byId(InteractionIdSchema)).returns<InteractionForEdit>(),
  addInteraction: mutation(InteractionDraftSchema).returns<{ id: InteractionId }>(),
  updateInteraction: mutation(z.object({ id: InteractionIdSchema, draft: InteractionDraftSchema, keepNoteText: z.boolean().default(false) }).strict()).returns<null>(),
  deleteInteraction: mutation(byId(InteractionIdSchema)).returns<Undoable>(),
  // events
  listEvents: query(pageInput).returns<Page<EventSummary>>(),
  getEvent: query(byId(EventIdSchema)).returns<EventDetail>(),
  addEvent: mutation(EventDraftSchema).returns<{ id: EventId }>(),
  updateEvent: mutation(z.object({ id: EventIdSchema, draft: EventDraftSchema, keepNoteText: z.boolean().default(false) }).strict()).returns<null>(),
  deleteEvent: mutation(byId(EventIdSchema)).returns<Undoable>(),
  // goals
  listGoals: query(noInput).returns<GoalOverview[]>(),
  addGoal: mutation(GoalDraftSchema).returns<{ id: GoalId }>(),
  updateGoal: mutation(z.object({ id: GoalIdSchema, draft: GoalDraftSchema }).strict()).returns<null>(),
  deleteGoal: mutation(byId(GoalIdSchema)).returns<Undoable>(),
  // self profile and information sources
  getSelfProfile: query(noInput).returns<SelfProfile>(),
  updateSelfProfile: mutation(SelfProfileSchema.strict()).returns<null>(),
  listSources: query(noInput).returns<Source[]>(),
  addSource: mutation(SourceDraftSchema).returns<{ id: SourceId }>(),
  updateSource: mutation(z.object({ id: SourceIdSchema, draft: SourceDraftSchema }).strict()).returns<null>(),
  deleteSource: mutation(byId(SourceIdSchema)).returns<Undoable>(),
  getGoalMap: query(noInput).returns<GoalMapData>(),
  getIntroduction: query(
    z
      .object({ a: ContactIdSchema, b: ContactIdSchema })
      .strict()
      .refine(({ a, b }) => a !== b, { message: 'validation.differentPeople', path: ['b'] }),
  ).returns<Introduction>(),
  // insights: the coach and reciprocity
  getCoach: query(noInput).returns<CoachView>(),
  snoozeCoachItem: mutation(z.object({ contactId: ContactIdSchema, days: z.number().int().min(1).max(90) }).strict()).returns<null>(),
  dismissCoachReason: mutation(z.object({ key: CoachReasonKeySchema }).strict()).returns<null>(),
  completeFollowUp: mutation(FollowUpRefSchema).returns<null>(),
  getReciprocity: query(noInput).returns<ReciprocityOverview>(),
  getContactInsights: query(byId(ContactIdSchema)).returns<ContactInsights>(),
  // search, confidential text, duplicates
  search: query(z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(100).default(20) }).strict()).returns<SearchResults>(),
  revealNote: mutation(RevealRefSchema).returns<{ text: string }>(),
  listDuplicates: query(noInput).returns<readonly DuplicatePair[]>(),
  previewMerge: query(z.object({ keep: ContactIdSchema, other: ContactIdSchema }).strict()).returns<MergePreview>(),
  mergeContacts: mutation(z.object({ keep: ContactIdSchema, other: ContactIdSchema }).strict()).returns<ContactListItem>(),
  dismissDuplicate: mutation(z.object({ a: ContactIdSchema, b: ContactIdSchema }).strict()).returns<null>(),
  // devices and sync (docs/sync.md)
  getDevices: query(noInput).returns<DevicesOverview>(),
  getSyncStatus: query(noInput).returns<SyncStatus>(),
  startPairing: mutation(noInput).returns<PairingOffer>(),
  cancelPairing: mutation(noInput).returns<null>(),
  /** The user's answer to a device asking to join, after matching the comparison code on both screens. */
  answerPairing: mutation(z.object({ accept: z.boolean() }).strict()).returns<null>(),
  joinVault: mutation(z.object({ code: z.string().trim().min(1, { message: 'validation.required' }).max(300), deviceName: DeviceNameSchema, passphrase: PassphraseSchema, address: PeerAddressSchema.optional() }).strict()).returns<VaultStatus>(),
  renameDevice: mutation(z.object({ id: DeviceIdSchema, name: DeviceNameSchema }).strict()).returns<null>(),
  revokeDevice: mutation(byId(DeviceIdSchema)).returns<null>(),
  setDeviceAddress: mutation(z.object({ id: DeviceIdSchema, address: PeerAddressSchema }).strict()).returns<null>(),
  syncNow: mutation(noInput).returns<SyncStatus>(),
  setSharedFolder: mutation(z.object({ path: FolderPathSchema.nullable() }).strict()).returns<null>(),
  rotateSharingKey: mutation(noInput).returns<{ epoch: number }>(),
  // backups (docs/backup.md)
  suggestBackupPath: query(noInput).returns<{ path: string }>(),
  /** `sameAsVault`: the passphrase is the vault's, checked against it before anything is written. */
  writeBackup: mutation(z.object({ path: BackupPathSchema, passphrase: PassphraseSchema, sameAsVault: z.boolean() }).strict()).returns<BackupSummary>(),
  verifyBackup: mutation(z.object({ path: BackupPathSchema, passphrase: PassphraseSchema }).strict()).returns<BackupSummary>(),
  mergeBackup: mutation(z.object({ path: BackupPathSchema, passphrase: PassphraseSchema }).strict()).returns<BackupSummary>(),
  // import (docs/import.md): a preview first, then the import of what it showed
  previewImport: mutation(z.object({ path: BackupPathSchema }).strict()).returns<ImportPreview>(),
  /** Writes every contact to a file that is NOT encrypted; private and confidential notes only when `includePrivate`. */
  exportContacts: mutation(z.object({ path: BackupPathSchema, format: z.enum(EXPORT_FORMATS), includePrivate: z.boolean() }).strict()).returns<ExportOutcome>(),
  /** `choices` overrides the preview's plan for some rows, by line: skip them, or add them as people of their own. */
  commitImport: mutation(
    z
      .object({
        token: z.string().regex(/^[0-9a-f]{32}$/),
        choices: z.array(z.object({ line: z.number().int().min(1), choice: z.enum(ROW_CHOICES) }).strict()).max(100_000).default([]),
      })
      .strict(),
  ).returns<ImportOutcome>(),
  getBackupSchedule: query(noInput).returns<BackupScheduleState | null>(),
  /** Automatic backups use one key made now from this passphrase (the vault's when `sameAsVault`, checked). */
  setBackupSchedule: mutation(z.object({ schedule: BackupScheduleSchema, passphrase: PassphraseSchema, sameAsVault: z.boolean() }).strict()).returns<BackupScheduleState>(),
  stopBackupSchedule: mutation(noInput).returns<null>(),
  /** An automatic backup now, into the schedule's folder (older ones beyond the number kept are removed). */
  runScheduledBackup: mutation(noInput).returns<BackupSummary>(),
  restoreBackup: mutation(z.object({ path: BackupPathSchema, backupPassphrase: PassphraseSchema, vaultPassphrase: PassphraseSchema }).strict()).returns<VaultStatus>(),
  // this computer only (docs/security.md): preferences that are not vault data, and what the OS asked the app to open
  getDesktopPreferences: query(noInput).returns<DesktopPreferencesView>(),
  /** `language` is the UI's, so the native menu and notifications speak it too. */
  setDesktopPreferences: mutation(DesktopPreferencesChangeSchema).returns<DesktopPreferencesView>(),
  /** The pairing link or backup file the OS last asked the app to open, once; null when there is none. */
  takeOpenRequest: mutation(noInput).returns<OpenRequest | null>(),
  /** A native open, save or folder dialog; `path` is null when the user cancels. `current` is where it starts. */
  choosePath: mutation(z.object({ purpose: z.enum(PATH_PURPOSES), current: z.string().max(4096).optional() }).strict()).returns<{ path: string | null }>(),
} as const satisfies Record<string, MethodSpec>;

export const DATA_AREAS = ['contacts', 'interactions', 'events', 'goals', 'sources', 'coach'] as const;

/** Change events, main → renderer. The payload schemas document the shape and guard the test bridge. */
export const events = {
  vaultStatusChanged: z.object({ state: z.enum(['none', 'locked', 'unlocked']) }),
  dataChanged: z.object({ areas: z.array(z.enum(DATA_AREAS)) }),
  settingsChanged: z.object({}),
  /** Devices, pairing or sync status changed: the devices view and the sync indicator refresh. */
  syncChanged: z.object({}),
  /** The automatic-backup schedule changed, or one ran. */
  backupChanged: z.object({}),
  /** How far a long backup operation has got (shards done of total). */
  backupProgress: z.object({ operation: z.enum(BACKUP_OPERATIONS), done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }),
  /** While this device joins a vault: the vault's name and the comparison code to match with the other screen. */
  joinProgress: z.object({ vaultName: z.string().max(1024), comparison: z.string().regex(/^\d{3} \d{3}$/) }),
  /** The OS asked the app to open a pairing link or a backup file: the window takes it with takeOpenRequest. */
  openRequested: z.object({}),
  /** The vault engine's process stopped unexpectedly: a fresh one was started (its vault locked), or after repeated deaths it was not. */
  engineStopped: z.object({ restarted: z.boolean() }),
  /** A command chosen in the native menu (or by its shortcut). */
  menuCommand: z.object({ command: z.enum(MENU_COMMANDS) }),
} as const satisfies Record<string, z.ZodType>;

export type Api = typeof api;
export type MethodName = keyof Api;
/** What a caller passes (before the schema's defaults and trimming). */
export type MethodInput<M extends MethodName> = z.input<Api[M]['input']>;
/** What a handler receives (after the schema has parsed it). */
export type ParsedInput<M extends MethodName> = z.output<Api[M]['input']>;
export type MethodOutput<M extends MethodName> = Api[M] extends MethodSpec<z.ZodType, infer Output> ? Output : never;
export type QueryName = { [M in MethodName]: Api[M]['kind'] extends 'query' ? M : never }[MethodName];

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const methodNames = Object.keys(api) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(api, name);
}

/** The only place an IPC channel name is spelled. */
export function methodChannel(method: MethodName): string {
  return `enishi:call:${method}`;
}

export function eventChannel(event: EventName): string {
  return `enishi:event:${event}`;
}

/** The name of the object the preload (or the test bridge) puts on the renderer's window. */
export const BRIDGE_GLOBAL = 'enishi';

/** What the renderer sees on `window.enishi`: one function per method, one subscriber per event. */
export interface EnishiBridge {
  readonly api: { readonly [M in MethodName]: (input: MethodInput<M>) => Promise<Result<MethodOutput<M>>> };
  readonly on: { readonly [E in EventName]: (listener: (payload: EventPayload<E>) => void) => () => void };
}
