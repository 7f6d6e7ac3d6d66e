/**
 * What the user does with the vault's contents — contacts, interactions, events, merging,
 * revealing confidential text, undoing a delete — on top of the session's storage primitives.
 * Every write goes through VaultSession.change(): durable, then reflected in the read model.
 */
import { idBytes } from './id-bytes.ts';
import type { Introduction, MergePreview } from '../../../shared/api/contract.ts';
import { UNDERSTANDING_FIELDS, type ContactDetail, type ContactDraft, type Stage, type UnderstandingField } from '../../../shared/domain/contact.ts';
import type { EventDetail, EventDraft } from '../../../shared/domain/event.ts';
import { newContactId, newEventId, newInteractionId, newNoteId, type ContactId, type EventId, type InteractionId, type NoteId } from '../../../shared/domain/ids.ts';
import type { InteractionDraft } from '../../../shared/domain/interaction.ts';
import { displayName } from '../../../shared/domain/names.ts';
import { maskNote } from '../../../shared/domain/note.ts';
import { noteOf, scalar, text, type ContactBucketDoc, type EventLogDoc, type EventRecord, type InteractionLogDoc, type RootDoc } from '../../../shared/vault/documents.ts';
import { interactionDraftOf, interactionRecord, writeEventDraft, writeInteractionDraft } from '../../../shared/vault/activity-records.ts';
import { contactDraftOf, contactRecord, writeContactDraft } from '../../../shared/vault/contact-records.ts';
import type { CoachState } from '../../../shared/insights/coach.ts';
import { introductionPerson, introductionReasons } from '../../../shared/insights/introductions.ts';
import { DAY_MS } from '../../../shared/insights/reciprocity.ts';
import { mergeContactDrafts } from '../../../shared/vault/merge.ts';
import { duplicateKey, findDuplicates, type DuplicatePair } from '../../../shared/vault/queries.ts';
import { contactShard, eventShard, interactionShard, ROOT_SHARD, type ShardId } from '../../../shared/vault/shards.ts';
import { GoalMapData } from './goal-map-data.ts';
import { UndoMemory } from './undo-memory.ts';
import type { VaultSession } from './vault-session.ts';

export type RevealRef =
  | { readonly type: 'interaction'; readonly id: InteractionId }
  | { readonly type: 'event'; readonly id: EventId }
  | { readonly type: 'contact-note'; readonly contactId: ContactId; readonly noteId: NoteId }
  | { readonly type: 'understanding'; readonly contactId: ContactId; readonly field: UnderstandingField };

/** From this many new contacts in one bucket (an import), they are stored through Automerge's backend (VaultSession.insertContacts). */
const BULK_INSERT_CONTACTS = 16;
const DISMISSAL_KEPT_MS = 400 * DAY_MS;
const newId = () => newNoteId(idBytes(10));

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(item);
  }
  return groups;
}

export class VaultData {
  private readonly session: VaultSession;
  private readonly undoable: UndoMemory;
  /** Goals, the self-analysis and information sources: what the goal map is drawn from. */
  readonly goalMap: GoalMapData;

  constructor(session: VaultSession) {
    this.session = session;
    this.undoable = new UndoMemory(() => session.now);
    this.goalMap = new GoalMapData(session, (restore) => this.undoable.remember(restore));
  }

  /** Puts back what a delete took, if its token has not expired. */
  undo(token: string): Promise<boolean> {
    return this.undoable.undo(token);
  }

  private remember(restore: () => Promise<void>): string {
    return this.undoable.remember(restore);
  }

  private get model() {
    return this.session.model;
  }

  /** A merged contact's id leads to the one it was merged into. */
  resolve(id: ContactId): ContactId {
    const aliases = this.session.root.aliases ?? {};
    let current = id;
    for (let hops = 0; hops < 10 && aliases[current]; hops++) current = text(aliases[current]) as ContactId;
    return current;
  }

  nameOf(id: ContactId): string {
    const contact = this.model.contactSummary(this.resolve(id));
    return contact ? displayName(contact) : '';
  }

  // ---- contacts -----------------------------------------------------------------------------

  async createContacts(drafts: readonly ContactDraft[]): Promise<ContactId[]> {
    const now = this.session.now;
    const byShard = groupBy(drafts.map((draft) => ({ id: newContactId(idBytes(16)), draft })), ({ id }) => contactShard(id));
    for (const [shard, entries] of byShard) {
      if (entries.length >= BULK_INSERT_CONTACTS) {
        await this.session.insertContacts(shard, entries.map(({ id, draft }) => [id, contactRecord(draft, now, newId)] as const));
        continue;
      }
      await this.session.change(shard, (doc: ContactBucketDoc) => {
        doc.contacts ??= {};
        for (const { id, draft } of entries) doc.contacts[id] = contactRecord(draft, now, newId);
      });
    }
    return [...byShard.values()].flat().map(({ id }) => id);
  }

  async contactDraft(id: ContactId): Promise<(ContactDraft & { createdAt: number }) | undefined> {
    return this.session.read(contactShard(id), (doc: ContactBucketDoc) => {
      const record = doc.contacts?.[id];
      return record && { ...contactDraftOf(record), createdAt: record.createdAt };
    });
  }

  async contactDetail(id: ContactId): Promise<ContactDetail | undefined> {
    const draft = await this.contactDraft(id);
    const summary = this.model.contact(id);
    if (!draft || !summary) return undefined;
    return this.detailOf(id, draft, summary.updatedAt);
  }

  private detailOf(id: ContactId, draft: ContactDraft & { createdAt: number }, updatedAt: number): ContactDetail {
    const stats = this.model.statsOf(id);
    const referenced = [draft.howWeMet.introducedBy, ...UNDERSTANDING_FIELDS.map((field) => draft.understanding[field].toldBy), ...draft.notes.map((note) => note.toldBy)].filter((ref): ref is ContactId => ref !== null);
    const { understanding, notes, ...rest } = draft;
    return {
      ...rest,
      id,
      understanding: Object.fromEntries(UNDERSTANDING_FIELDS.map((field) => [field, maskNote(understanding[field])])) as ContactDetail['understanding'],
      notes: notes.map((note) => ({ ...maskNote(note), id: note.id as NoteId, date: note.date })),
      updatedAt,
      interactionCount: stats.interactionCount,
      lastInteractionAt: stats.lastInteractionAt,
      names: Object.fromEntries(referenced.map((ref) => [ref, this.nameOf(ref)])),
    };
  }

  /** Writes only the fields that differ, so concurrent edits of other fields on other devices merge. */
  async updateContact(id: ContactId, draft: ContactDraft): Promise<boolean> {
    if (!this.model.contact(id)) return false;
    const now = this.session.now;
    await this.session.change(contactShard(id), (doc: ContactBucketDoc) => {
      const record = doc.contacts?.[id];
      if (record) writeContactDraft(record, draft, now, newId);
    });
    return true;
  }

  async setArchived(id: ContactId, archived: boolean): Promise<boolean> {
    if (!this.model.contact(id)) return false;
    const now = this.session.now;
    await this.session.change(contactShard(id), (doc: ContactBucketDoc) => {
      const record = doc.contacts?.[id];
      if (!record || (record.archived ?? false) === archived) return;
      record.archived = archived;
      record.updatedAt = now;
    });
    return true;
  }

  /** Moves a contact along the stages (target → reached out …) without touching anything else. */
  async setStage(id: ContactId, stage: Stage): Promise<boolean> {
    if (!this.model.contact(id)) return false;
    const now = this.session.now;
    await this.session.change(contactShard(id), (doc: ContactBucketDoc) => {
      const record = doc.contacts?.[id];
      if (!record || contactDraftOf(record).stage === stage) return;
      // The default stage is left out of the record, as writeContactDraft does.
      if (stage === 'acquainted') delete record.stage;
      else record.stage = scalar(stage);
      record.updatedAt = now;
    });
    return true;
  }

  /**
   * Deletes a contact and the interactions that were with them alone (others lose them from their
   * list of people). Returns a token that undoes all of it for ten minutes.
   */
  async deleteContact(id: ContactId): Promise<string | undefined> {
    const draft = await this.contactDraft(id);
    if (!draft) return undefined;
    const touched = [...this.model.interactionsOf(id)].map((interactionId) => this.model.interaction(interactionId)!);
    await this.session.change(contactShard(id), (doc: ContactBucketDoc) => {
      delete doc.contacts?.[id];
    });
    const now = this.session.now;
    for (const [shard, entries] of groupBy(touched, (entry) => interactionShard(entry.id))) {
      await this.session.change(shard, (doc: InteractionLogDoc) => {
        for (const entry of entries) {
          const record = doc.interactions?.[entry.id];
          if (!record) continue;
          const others = entry.contactIds.filter((other) => other !== id);
          if (others.length === 0) delete doc.interactions![entry.id];
          else writeInteractionDraft(record, { ...interactionDraftOf(entry), contactIds: others }, now);
        }
      });
    }
    return this.remember(async () => {
      const restoredAt = this.session.now;
      await this.session.change(contactShard(id), (doc: ContactBucketDoc) => {
        doc.contacts ??= {};
        doc.contacts[id] = { ...contactRecord(draft, restoredAt, newId), createdAt: draft.createdAt };
      });
      await this.restoreInteractions(touched.map((entry) => ({ id: entry.id, draft: interactionDraftOf(entry) })));
    });
  }

  // ---- interactions -------------------------------------------------------------------------

  async createInteractions(drafts: Iterable<InteractionDraft>): Promise<InteractionId[]> {
    const entries = [...drafts].map((draft) => ({ id: newInteractionId(draft.occurredAt, idBytes(10)), draft }));
    await this.restoreInteractions(entries);
    return entries.map(({ id }) => id);
  }

  /** Writes interactions under the given ids (new ones, or ones being restored). */
  private async restoreInteractions(entries: readonly { id: InteractionId; draft: InteractionDraft }[]): Promise<void> {
    const now = this.session.now;
    for (const [shard, group] of groupBy(entries, ({ id }) => interactionShard(id))) {
      await this.session.change(shard, (doc: InteractionLogDoc) => {
        doc.interactions ??= {};
        for (const { id, draft } of group) {
          const existing = doc.interactions[id];
          if (existing) writeInteractionDraft(existing, draft, now);
          else doc.interactions[id] = interactionRecord(draft, now);
        }
      });
    }
  }

  /** An interaction stays in the shard its id names, even if its date is changed later. */
  async updateInteraction(id: InteractionId, draft: InteractionDraft): Promise<boolean> {
    if (!this.model.interaction(id)) return false;
    const now = this.session.now;
    await this.session.change(interactionShard(id), (doc: InteractionLogDoc) => {
      const record = doc.interactions?.[id];
      if (record) writeInteractionDraft(record, draft, now);
    });
    return true;
  }

  async deleteInteraction(id: InteractionId): Promise<string | undefined> {
    const entry = this.model.interaction(id);
    if (!entry) return undefined;
    await this.session.change(interactionShard(id), (doc: InteractionLogDoc) => {
      delete doc.interactions?.[id];
    });
    return this.remember(() => this.restoreInteractions([{ id, draft: interactionDraftOf(entry) }]));
  }

  // ---- events -------------------------------------------------------------------------------

  /** Creates the event and, for each person met there, an interaction of kind "event". */
  async createEvent(draft: EventDraft): Promise<EventId> {
    const id = newEventId(draft.startsAt, idBytes(10));
    await this.putEvent(id, draft);
    await this.createInteractions(draft.attendeeIds.map((contactId) => this.metAt(id, draft, contactId)));
    return id;
  }

  private metAt(eventId: EventId, draft: EventDraft, contactId: ContactId): InteractionDraft {
    return {
      contactIds: [contactId],
      occurredAt: draft.startsAt,
      kind: 'event',
      direction: 'mutual',
      weight: 1,
      summary: draft.title,
      note: { text: '', confidentiality: 'normal', toldBy: null, audience: 'anyone', audienceIds: [] },
      eventId,
      followUp: null,
    };
  }

  async updateEvent(id: EventId, draft: EventDraft): Promise<boolean> {
    const before = this.model.event(id);
    if (!before) return false;
    const now = this.session.now;
    await this.session.change(eventShard(id), (doc: EventLogDoc) => {
      const record = doc.events?.[id];
      if (record) writeEventDraft(record, draft, now);
    });
    const added = draft.attendeeIds.filter((contactId) => !before.attendeeIds.includes(contactId));
    const removed = before.attendeeIds.filter((contactId) => !draft.attendeeIds.includes(contactId));
    await this.createInteractions(added.map((contactId) => this.metAt(id, draft, contactId)));
    // The "met there" interactions the event made for people no longer on its list go with them.
    const stale = [...this.model.allInteractions()].filter((i) => i.eventId === id && i.kind === 'event' && i.contactIds.length === 1 && removed.includes(i.contactIds[0]!));
    for (const [shard, entries] of groupBy(stale, (entry) => interactionShard(entry.id))) {
      await this.session.change(shard, (doc: InteractionLogDoc) => {
        for (const entry of entries) delete doc.interactions?.[entry.id];
      });
    }
    return true;
  }

  eventDetail(id: EventId): EventDetail | undefined {
    const entry = this.model.event(id);
    if (!entry) return undefined;
    const { note, ...summary } = entry;
    return { ...summary, note: maskNote(note), attendees: entry.attendeeIds.map((contactId) => ({ id: contactId, name: this.nameOf(contactId) })) };
  }

  async deleteEvent(id: EventId): Promise<string | undefined> {
    const entry = this.model.event(id);
    if (!entry) return undefined;
    await this.session.change(eventShard(id), (doc: EventLogDoc) => {
      delete doc.events?.[id];
    });
    const { id: _id, attendeeIds, goalLinks, ...rest } = entry;
    const draft: EventDraft = { ...rest, attendeeIds: [...attendeeIds], goalLinks: [...goalLinks] };
    return this.remember(() => this.putEvent(id, draft));
  }

  private async putEvent(id: EventId, draft: EventDraft): Promise<void> {
    const now = this.session.now;
    await this.session.change(eventShard(id), (doc: EventLogDoc) => {
      doc.events ??= {};
      const record = {} as EventRecord;
      writeEventDraft(record, draft, now);
      doc.events[id] = record;
    });
  }

  /** Marks the follow-up of an interaction or an event done (only that field is written). */
  async completeFollowUp(ref: { readonly type: 'interaction'; readonly id: InteractionId } | { readonly type: 'event'; readonly id: EventId }): Promise<boolean> {
    if (ref.type === 'interaction') {
      if (!this.model.interaction(ref.id)?.followUp) return false;
      await this.session.change(interactionShard(ref.id), (doc: InteractionLogDoc) => {
        const followUp = doc.interactions?.[ref.id]?.followUp;
        if (followUp) followUp.done = true;
      });
    } else {
      if (!this.model.event(ref.id)?.followUp) return false;
      await this.session.change(eventShard(ref.id), (doc: EventLogDoc) => {
        const followUp = doc.events?.[ref.id]?.followUp;
        if (followUp) followUp.done = true;
      });
    }
    return true;
  }

  // ---- introductions ---------------------------------------------------------------------------

  /** Two people as each may hear about the other, and why they may help each other. */
  async introduction(aId: ContactId, bId: ContactId): Promise<Introduction | undefined> {
    const [a, b] = await Promise.all([this.contactDraft(aId), this.contactDraft(bId)]);
    if (!a || !b || aId === bId) return undefined;
    const source = (id: ContactId, draft: ContactDraft) => ({ id, name: displayName(draft), company: draft.company, title: draft.title, understanding: draft.understanding });
    const toldToB = introductionPerson(source(aId, a), bId);
    const toldToA = introductionPerson(source(bId, b), aId);
    return { a: toldToB, b: toldToA, reasons: introductionReasons(toldToB, toldToA) };
  }

  // ---- coach --------------------------------------------------------------------------------

  coachState(): CoachState {
    const coach = this.session.root.coach;
    return { snoozedUntil: new Map(Object.entries(coach?.snoozed ?? {})), dismissed: new Set(Object.keys(coach?.dismissed ?? {})) };
  }

  async snoozeCoachItem(contactId: ContactId, days: number): Promise<void> {
    const until = this.session.now + days * DAY_MS;
    await this.session.change(ROOT_SHARD, (root: RootDoc) => {
      root.coach ??= {};
      root.coach.snoozed ??= {};
      const snoozed = root.coach.snoozed;
      // Snoozes that have ended are dropped as new ones are written, so the map stays small.
      for (const [id, end] of Object.entries(snoozed)) if (end < this.session.now) delete snoozed[id];
      snoozed[contactId] = until;
    });
  }

  async dismissCoachReason(key: string): Promise<void> {
    const now = this.session.now;
    await this.session.change(ROOT_SHARD, (root: RootDoc) => {
      root.coach ??= {};
      root.coach.dismissed ??= {};
      const dismissed = root.coach.dismissed;
      // Reasons are keyed by the due day, interaction or year they come from; a year on, none can come back.
      for (const [reason, at] of Object.entries(dismissed)) if (at < now - DISMISSAL_KEPT_MS) delete dismissed[reason];
      dismissed[key] = now;
    });
  }

  // ---- confidential text --------------------------------------------------------------------

  /** The text of a masked note, for the view that asked to reveal it. */
  async reveal(ref: RevealRef): Promise<string | undefined> {
    switch (ref.type) {
      case 'interaction':
        return this.model.interaction(ref.id)?.note.text;
      case 'event':
        return this.model.event(ref.id)?.note.text;
      case 'contact-note':
        return this.session.read(contactShard(ref.contactId), (doc: ContactBucketDoc) => {
          const note = doc.contacts?.[ref.contactId]?.notes?.[ref.noteId];
          return note && noteOf(note).text;
        });
      case 'understanding':
        return this.session.read(contactShard(ref.contactId), (doc: ContactBucketDoc) => {
          const note = doc.contacts?.[ref.contactId]?.understanding?.[ref.field];
          return note && noteOf(note).text;
        });
      default: {
        const unreachable: never = ref;
        return unreachable;
      }
    }
  }

  // ---- duplicates and merging ---------------------------------------------------------------

  duplicates(): DuplicatePair[] {
    const dismissed = new Set(Object.keys(this.session.root.dismissedDuplicates ?? {}));
    return findDuplicates(this.model, dismissed);
  }

  async dismissDuplicate(a: ContactId, b: ContactId): Promise<void> {
    await this.session.change(ROOT_SHARD, (root: RootDoc) => {
      root.dismissedDuplicates ??= {};
      root.dismissedDuplicates[duplicateKey(a, b)] = true;
    });
  }

  async previewMerge(keepId: ContactId, otherId: ContactId): Promise<MergePreview | undefined> {
    const [keep, other] = await Promise.all([this.contactDraft(keepId), this.contactDraft(otherId)]);
    if (!keep || !other || keepId === otherId) return undefined;
    const merged = { ...mergeContactDrafts(keep, other), createdAt: Math.min(keep.createdAt, other.createdAt) };
    const moving = new Set(this.model.interactionsOf(otherId));
    const events = [...this.model.allEvents()].filter((event) => event.attendeeIds.includes(otherId)).length;
    const detail = this.detailOf(keepId, merged, this.session.now);
    const keptStats = this.model.statsOf(keepId);
    const alreadyShared = [...moving].filter((interactionId) => this.model.interaction(interactionId)!.contactIds.includes(keepId)).length;
    return { merged: { ...detail, interactionCount: keptStats.interactionCount + moving.size - alreadyShared }, interactionsMoved: moving.size, eventsMoved: events };
  }

  /** Merges `other` into `keep`: fields united, every interaction and event moved, `other` deleted and aliased. */
  async merge(keepId: ContactId, otherId: ContactId): Promise<boolean> {
    const [keep, other] = await Promise.all([this.contactDraft(keepId), this.contactDraft(otherId)]);
    if (!keep || !other || keepId === otherId) return false;
    const now = this.session.now;
    const merged = mergeContactDrafts(keep, other);
    await this.session.change(contactShard(keepId), (doc: ContactBucketDoc) => {
      const record = doc.contacts?.[keepId];
      if (!record) return;
      writeContactDraft(record, merged, now, newId);
      record.createdAt = Math.min(keep.createdAt, other.createdAt);
    });
    const swap = (ids: readonly ContactId[]) => [...new Set(ids.map((id) => (id === otherId ? keepId : id)))];
    const moving = [...this.model.interactionsOf(otherId)].map((id) => this.model.interaction(id)!);
    for (const [shard, entries] of groupBy(moving, (entry) => interactionShard(entry.id))) {
      await this.session.change(shard, (doc: InteractionLogDoc) => {
        for (const entry of entries) {
          const record = doc.interactions?.[entry.id];
          const draft = interactionDraftOf(entry);
          if (record) writeInteractionDraft(record, { ...draft, contactIds: swap(draft.contactIds), note: { ...draft.note, toldBy: draft.note.toldBy === otherId ? keepId : draft.note.toldBy } }, now);
        }
      });
    }
    const events = [...this.model.allEvents()].filter((event) => event.attendeeIds.includes(otherId));
    for (const [shard, entries] of groupBy(events, (event) => eventShard(event.id))) {
      await this.session.change(shard, (doc: EventLogDoc) => {
        for (const event of entries) {
          const record = doc.events?.[event.id];
          if (record) record.attendeeIds = swap(event.attendeeIds).map(scalar);
        }
      });
    }
    await this.session.change(contactShard(otherId), (doc: ContactBucketDoc) => {
      delete doc.contacts?.[otherId];
    });
    await this.session.change(ROOT_SHARD, (root: RootDoc) => {
      root.aliases ??= {};
      root.aliases[otherId] = scalar(keepId);
    });
    return true;
  }

  /** Shards a contact's data lives in (for tests and diagnostics). */
  static shardOf(id: ContactId): ShardId {
    return contactShard(id);
  }
}
