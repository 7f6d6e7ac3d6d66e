import { fail, ok } from '../../../shared/api/result.ts';
import type { Note } from '../../../shared/domain/note.ts';
import { contactFacets, interactionView, listEvents, queryContacts, queryTimeline, search, timelineLayout } from '../../../shared/vault/queries.ts';
import { goalBoostsByLink } from '../../../shared/insights/keep-in-touch.ts';
import { waysToGive } from '../../../shared/insights/ways-to-give.ts';
import { goalMap } from '../../../shared/vault/goal-map.ts';
import { coachView, contactReciprocity, keepInTouchOf, reciprocityOverview } from '../../../shared/vault/insight-queries.ts';
import type { VaultService } from '../vault/vault-service.ts';
import type { SyncService } from '../sync/sync-service.ts';
import type { BackupService } from '../backup/backup-service.ts';
import type { ExportService } from '../interop/export-service.ts';
import type { ImportService } from '../interop/import-service.ts';
import type { PathPurpose } from '../../../shared/domain/desktop.ts';
import type { DesktopPreferencesStore } from '../desktop/desktop-preferences.ts';
import type { OpenRequests } from '../desktop/open-requests.ts';
import type { BackupHandlers, DesktopHandlers, InteropHandlers, SyncHandlers, VaultHandlers } from './dispatch.ts';

const notFound = (what: string) => fail('not-found', `no ${what}`);

/** Maps every method of the contract onto the vault service. */
export function vaultHandlers(vault: VaultService): VaultHandlers {
  return {
    getVaultStatus: async () => ok(await vault.status()),
    createVault: ({ name, passphrase }) => vault.create(name, passphrase),
    unlockVault: ({ passphrase }) => vault.unlock(passphrase, { early: true }), // the window shows the first page while the rest opens
    lockVault: async () => ok(await vault.lock()),
    changePassphrase: ({ current, next }) => vault.changePassphrase(current, next),
    getVaultHealth: () => vault.health(),
    getSettings: () => vault.settings(),
    updateSettings: (changes) => vault.updateSettings(changes),

    listContacts: (query) => {
      const opening = vault.openingPage(query);
      if (opening) return Promise.resolve(ok(opening));
      return vault.read(({ model, session, data }) =>
        ok(queryContacts(model, query, { myCompany: session.settings.myCompany, linksOfGoal: (goalId) => data.goalMap.linksOfGoal(goalId), ...(query.sort === 'due' && { goalBoosts: goalBoostsByLink(data.goalMap.goals()) }) })),
      );
    },
    getContactFacets: () => vault.read(({ model }) => ok(contactFacets(model))),
    getContact: ({ id }) => vault.read(async ({ data }) => {
      const detail = await data.contactDetail(id);
      return detail ? ok(detail) : notFound(`contact ${id}`);
    }),
    addContact: (draft) => vault.write(['contacts'], async ({ data, model }) => {
      const [id] = await data.createContacts([draft]);
      return ok(model.contact(id!)!);
    }),
    updateContact: ({ id, draft, keepText }) => vault.write(['contacts'], async ({ data, model }) => {
      const stored = await data.contactDraft(id);
      if (!stored) return notFound(`contact ${id}`);
      // Confidential notes the form never revealed keep their stored text.
      const understanding = { ...draft.understanding };
      for (const field of keepText.understanding) understanding[field] = { ...understanding[field], text: stored.understanding[field].text };
      const storedNotes = new Map(stored.notes.map((note) => [note.id, note.text]));
      const notes = draft.notes.map((note) => (note.id && keepText.notes.includes(note.id) ? { ...note, text: storedNotes.get(note.id) ?? note.text } : note));
      await data.updateContact(id, { ...draft, understanding, notes });
      return ok(model.contact(id)!);
    }),
    setContactStage: ({ id, stage }) => vault.write(['contacts'], async ({ data, model }) => ((await data.setStage(id, stage)) ? ok(model.contact(id)!) : notFound(`contact ${id}`))),
    setContactArchived: ({ id, archived }) => vault.write(['contacts'], async ({ data, model }) => ((await data.setArchived(id, archived)) ? ok(model.contact(id)!) : notFound(`contact ${id}`))),
    deleteContact: ({ id }) => vault.write(['contacts', 'interactions'], async ({ data }) => {
      const undoToken = await data.deleteContact(id);
      return undoToken ? ok({ undoToken }) : notFound(`contact ${id}`);
    }),
    undo: ({ token }) => vault.write(['contacts', 'interactions', 'events', 'goals', 'sources'], async ({ data }) => ((await data.undo(token)) ? ok(null) : notFound('undoable change (it may have expired)'))),

    listTimeline: (query) => vault.read(({ model }) => ok(queryTimeline(model, query))),
    getTimelineLayout: (query) => vault.read(({ model }) => ok(timelineLayout(model, query))),
    getInteraction: ({ id }) => vault.read(({ model }) => {
      const entry = model.interaction(id);
      if (!entry) return notFound(`interaction ${id}`);
      const view = interactionView(model, entry);
      return ok({ id, contactIds: [...entry.contactIds], occurredAt: entry.occurredAt, kind: entry.kind, direction: entry.direction, weight: entry.weight as 1 | 2 | 3, summary: entry.summary, note: view.note, eventId: entry.eventId, followUp: entry.followUp });
    }),
    addInteraction: (draft) => vault.write(['interactions'], async ({ data }) => {
      const [id] = await data.createInteractions([draft]);
      return ok({ id: id! });
    }),
    updateInteraction: ({ id, draft, keepNoteText }) => vault.write(['interactions'], async ({ data, model }) => {
      const stored = model.interaction(id);
      if (!stored) return notFound(`interaction ${id}`);
      const note: Note = keepNoteText ? { ...draft.note, text: stored.note.text } : draft.note;
      await data.updateInteraction(id, { ...draft, note });
      return ok(null);
    }),
    deleteInteraction: ({ id }) => vault.write(['interactions'], async ({ data }) => {
      const undoToken = await data.deleteInteraction(id);
      return undoToken ? ok({ undoToken }) : notFound(`interaction ${id}`);
    }),

    listEvents: ({ offset, limit }) => vault.read(({ model }) => ok(listEvents(model, offset, limit))),
    getEvent: ({ id }) => vault.read(({ data }) => {
      const detail = data.eventDetail(id);
      return detail ? ok(detail) : notFound(`event ${id}`);
    }),
    addEvent: (draft) => vault.write(['events', 'interactions'], async ({ data }) => ok({ id: await data.createEvent(draft) })),
    updateEvent: ({ id, draft, keepNoteText }) => vault.write(['events', 'interactions'], async ({ data, model }) => {
      const stored = model.event(id);
      if (!stored) return notFound(`event ${id}`);
      await data.updateEvent(id, keepNoteText ? { ...draft, note: { ...draft.note, text: stored.note.text } } : draft);
      return ok(null);
    }),
    deleteEvent: ({ id }) => vault.write(['events'], async ({ data }) => {
      const undoToken = await data.deleteEvent(id);
      return undoToken ? ok({ undoToken }) : notFound(`event ${id}`);
    }),

    listGoals: () => vault.read(({ data }) => ok(data.goalMap.goalOverviews())),
    addGoal: (draft) => vault.write(['goals'], async ({ data }) => ok({ id: await data.goalMap.createGoal(draft) })),
    updateGoal: ({ id, draft }) => vault.write(['goals'], async ({ data }) => ((await data.goalMap.updateGoal(id, draft)) ? ok(null) : notFound(`goal ${id}`))),
    deleteGoal: ({ id }) => vault.write(['goals'], async ({ data }) => {
      const undoToken = await data.goalMap.deleteGoal(id);
      return undoToken ? ok({ undoToken }) : notFound(`goal ${id}`);
    }),

    getSelfProfile: () => vault.read(({ data }) => ok(data.goalMap.selfProfile())),
    updateSelfProfile: (profile) => vault.write(['goals'], async ({ data }) => {
      await data.goalMap.updateSelfProfile(profile);
      return ok(null);
    }),
    listSources: () => vault.read(({ data }) => ok(data.goalMap.sources())),
    addSource: (draft) => vault.write(['sources'], async ({ data }) => ok({ id: await data.goalMap.createSource(draft) })),
    updateSource: ({ id, draft }) => vault.write(['sources'], async ({ data }) => ((await data.goalMap.updateSource(id, draft)) ? ok(null) : notFound(`source ${id}`))),
    deleteSource: ({ id }) => vault.write(['sources'], async ({ data }) => {
      const undoToken = await data.goalMap.deleteSource(id);
      return undoToken ? ok({ undoToken }) : notFound(`source ${id}`);
    }),
    getGoalMap: () => vault.read(({ model, data, session }) => ok(goalMap(model, data.goalMap.goals(), data.goalMap.sources(), data.goalMap.selfProfile(), session.now))),

    getIntroduction: ({ a, b }) => vault.read(async ({ data }) => {
      const introduction = await data.introduction(a, b);
      return introduction ? ok(introduction) : notFound('pair of contacts to introduce');
    }),

    getCoach: () => vault.read(({ model, data, session }) => ok(coachView(model, data.goalMap.goals(), data.coachState(), session.now))),
    snoozeCoachItem: ({ contactId, days }) => vault.write(['coach'], async ({ data }) => {
      await data.snoozeCoachItem(contactId, days);
      return ok(null);
    }),
    dismissCoachReason: ({ key }) => vault.write(['coach'], async ({ data }) => {
      await data.dismissCoachReason(key);
      return ok(null);
    }),
    completeFollowUp: (ref) => vault.write([ref.type === 'event' ? 'events' : 'interactions'], async ({ data }) => ((await data.completeFollowUp(ref)) ? ok(null) : notFound(`follow-up of ${ref.type} ${ref.id}`))),
    getReciprocity: () => vault.read(({ model, session }) => ok(reciprocityOverview(model, session.now))),
    getContactInsights: ({ id }) => vault.read(async ({ model, data, session }) => {
      const draft = await data.contactDraft(id);
      const keepInTouch = keepInTouchOf(model, id, data.goalMap.goals(), session.now);
      if (!draft || !keepInTouch) return notFound(`contact ${id}`);
      return ok({ ...contactReciprocity(model, id, session.now), waysToGive: waysToGive(draft.understanding), keepInTouch });
    }),

    search: ({ query, limit }) => vault.read(({ model }) => ok(search(model, query, limit))),
    revealNote: (ref) => vault.read(async ({ data }) => {
      const text = await data.reveal(ref);
      return text === undefined ? notFound('note') : ok({ text });
    }),
    listDuplicates: () => vault.read(({ data }) => ok(data.duplicates())),
    previewMerge: ({ keep, other }) => vault.read(async ({ data }) => {
      const preview = await data.previewMerge(keep, other);
      return preview ? ok(preview) : notFound('pair of contacts to merge');
    }),
    mergeContacts: ({ keep, other }) => vault.write(['contacts', 'interactions', 'events'], async ({ data, model }) => ((await data.merge(keep, other)) ? ok(model.contact(keep)!) : notFound('pair of contacts to merge'))),
    dismissDuplicate: ({ a, b }) => vault.write(['contacts'], async ({ data }) => {
      await data.dismissDuplicate(a, b);
      return ok(null);
    }),
  };
}

/** Maps the devices-and-sync methods onto the sync service. */
export function syncHandlers(sync: SyncService): SyncHandlers {
  return {
    getDevices: () => sync.overview(),
    getSyncStatus: () => Promise.resolve(ok(sync.status())),
    startPairing: () => sync.startPairing(),
    cancelPairing: () => Promise.resolve(sync.cancelPairing()),
    answerPairing: ({ accept }) => Promise.resolve(sync.answerPairing(accept)),
    joinVault: (input) => sync.join(input),
    renameDevice: ({ id, name }) => sync.rename(id, name),
    revokeDevice: ({ id }) => sync.revoke(id),
    setDeviceAddress: ({ id, address }) => sync.setAddress(id, address),
    syncNow: () => sync.syncNow(),
    setSharedFolder: ({ path }) => sync.setSharedFolder(path),
    rotateSharingKey: () => sync.rotateSharingKey(),
  };
}

/** Maps the backup methods onto the backup service. */
export function backupHandlers(backups: BackupService): BackupHandlers {
  return {
    suggestBackupPath: () => Promise.resolve(ok({ path: backups.suggestPath() })),
    writeBackup: ({ path, passphrase, sameAsVault }) => backups.write(path, passphrase, { sameAsVault }),
    verifyBackup: ({ path, passphrase }) => backups.verify(path, passphrase),
    mergeBackup: ({ path, passphrase }) => backups.merge(path, passphrase),
    restoreBackup: ({ path, backupPassphrase, vaultPassphrase }) => backups.restore(path, backupPassphrase, vaultPassphrase),
    getBackupSchedule: () => backups.schedule(),
    setBackupSchedule: ({ schedule, passphrase, sameAsVault }) => backups.setSchedule(schedule, passphrase, { sameAsVault }),
    stopBackupSchedule: () => backups.stopSchedule(),
    runScheduledBackup: () => backups.runScheduled({ force: true }),
  };
}

/** Maps importing contacts onto the import service. */
export function interopHandlers(imports: ImportService, exports: ExportService): InteropHandlers {
  return {
    previewImport: ({ path }) => imports.preview(path),
    commitImport: ({ token, choices }) => imports.commit(token, choices),
    exportContacts: ({ path, format, includePrivate }) => exports.write(path, format, { includePrivate }),
  };
}

/** Shows the OS's file dialog (the Electron shell), or a test's stand-in for it. */
export type PathChooser = (purpose: PathPurpose, current: string | undefined) => Promise<string | null>;

export function desktopHandlers(preferences: DesktopPreferencesStore, openRequests: OpenRequests, choosePath: PathChooser): DesktopHandlers {
  return {
    choosePath: async ({ purpose, current }) => ok({ path: await choosePath(purpose, current) }),
    getDesktopPreferences: () => Promise.resolve(ok(preferences.view())),
    setDesktopPreferences: (change) => preferences.update(change),
    takeOpenRequest: () => Promise.resolve(ok(openRequests.take())),
  };
}
