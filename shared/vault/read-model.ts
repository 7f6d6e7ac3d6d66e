/**
 * What lists, timelines and search read: summaries of every contact, interaction and event,
 * per-contact aggregates and the 五十音 order — kept in memory, current from Automerge patches, and
 * cached (encrypted) between sessions so unlocking does not load every shard.
 */
import type * as Automerge from '@automerge/automerge';
import { compareByReading, type ContactSummary } from '../domain/contact.ts';
import type { ContactId, EventId, InteractionId } from '../domain/ids.ts';
import { TextIndex } from './text-index.ts';
import { type ContactBucketDoc, type ContactRecord, type EventLogDoc, type EventRecord, type InteractionLogDoc, type InteractionRecord, type ShardDoc } from './documents.ts';
import { eventEntry, interactionEntry, type EventEntry, type InteractionEntry } from './activity-records.ts';
import { contactSearchFields, contactSummary } from './contact-records.ts';
import { contactShard, eventShard, interactionShard, shardKind, type ShardId } from './shards.ts';
import { noteFromTuple, noteTuple, type ReadModelCacheData } from './read-model-cache.ts';
import {
  contactIndexEntry,
  dayKey,
  interactionTextEntry,
  monthKey,
  newestFirst,
  NO_STATS,
  type ContactIndexEntry,
  type ContactListItem,
  type ContactSearch,
  type ContactStats,
  type MutableStats,
  type Page,
  type TextIndexEntry,
  type TimelineOrder,
  kindCode,
  directionCode,
} from './read-model-entries.ts';

/** Records of one shard by id, as they are now (undefined: deleted). */
export type RecordLookup = ReadonlyMap<string, unknown>;

/** Which records of a shard a set of patches touched; 'whole' when the shard's map itself was replaced. */
export function touchedRecords(shardId: ShardId, patches: readonly Automerge.Patch[]): Set<string> | 'whole' {
  const kind = shardKind(shardId);
  const touched = new Set<string>();
  for (const patch of patches) {
    if (patch.path[0] !== kind) continue;
    if (patch.path.length === 1) return 'whole';
    touched.add(String(patch.path[1]));
  }
  return touched;
}

export class ReadModel {
  private readonly contacts = new Map<ContactId, ContactSummary>();
  private readonly contactIndex = new Map<ContactId, ContactIndexEntry>();
  private readonly interactions = new Map<InteractionId, InteractionEntry>();
  private readonly events = new Map<EventId, EventEntry>();
  private readonly stats = new Map<ContactId, MutableStats>();
  /** Interactions of each contact; built on first need (an edit or removal), not at unlock. */
  private byContactIndex: Map<ContactId, Set<InteractionId>> | undefined;
  private sortedContacts: ContactId[] | undefined;
  /** Folded interaction texts for search; built on the first search, then kept current. */
  private interactionTextIndex: Map<InteractionId, TextIndexEntry> | undefined;
  /** Interactions newest first with their day and month keys; built on first need, then kept current. */
  private timelineCache: TimelineOrder | undefined;
  /** One-string search indexes, rebuilt on the next search after a change. */
  private interactionSearchCache: { open: TextIndex<InteractionId>; confidential: TextIndex<InteractionId> } | undefined;
  private contactSearchCache: ContactSearch | undefined;
  /** Changes whenever anything does: query results cached under an older version are stale. */
  version = 0;

  get contactCount(): number {
    return this.contacts.size;
  }

  get eventCount(): number {
    return this.events.size;
  }

  get interactionCount(): number {
    return this.interactions.size;
  }

  allContacts(): IterableIterator<ContactSummary> {
    return this.contacts.values();
  }

  allInteractions(): IterableIterator<InteractionEntry> {
    return this.interactions.values();
  }

  allEvents(): IterableIterator<EventEntry> {
    return this.events.values();
  }

  searchEntry(id: ContactId): ContactIndexEntry | undefined {
    return this.contactIndex.get(id);
  }

  /** Interactions newest first, with the local day (YYYYMMDD) and month (YYYYMM) of each. */
  timeline(): TimelineOrder {
    if (!this.timelineCache) {
      const entries = [...this.interactions.values()].sort(newestFirst);
      this.timelineCache = { entries, days: entries.map((e) => dayKey(e.occurredAt)), months: entries.map((e) => monthKey(e.occurredAt)), kinds: entries.map(kindCode), directions: entries.map(directionCode) };
    }
    return this.timelineCache;
  }

  /** Where each interaction stands in timeline() order; rebuilt on first use after a change. */
  private positionsCache: Map<InteractionId, number> | undefined;

  timelineIndex(id: InteractionId): number {
    if (!this.positionsCache) {
      const { entries } = this.timeline();
      this.positionsCache = new Map();
      for (let i = 0; i < entries.length; i++) this.positionsCache.set(entries[i]!.id, i);
    }
    return this.positionsCache.get(id) ?? -1;
  }

  private timelinePosition(entry: InteractionEntry): number {
    const { entries } = this.timeline();
    let low = 0;
    let high = entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (newestFirst(entries[middle]!, entry) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private timelineInsert(entry: InteractionEntry): void {
    this.positionsCache = undefined;
    const cache = this.timelineCache;
    if (!cache) return;
    const at = this.timelinePosition(entry);
    cache.entries.splice(at, 0, entry);
    cache.days.splice(at, 0, dayKey(entry.occurredAt));
    cache.months.splice(at, 0, monthKey(entry.occurredAt));
    cache.kinds.splice(at, 0, kindCode(entry));
    cache.directions.splice(at, 0, directionCode(entry));
  }

  private timelineRemove(entry: InteractionEntry): void {
    this.positionsCache = undefined;
    const cache = this.timelineCache;
    if (!cache) return;
    const at = this.timelinePosition(entry);
    if (cache.entries[at]?.id !== entry.id) return;
    cache.entries.splice(at, 1);
    cache.days.splice(at, 1);
    cache.months.splice(at, 1);
    cache.kinds.splice(at, 1);
    cache.directions.splice(at, 1);
  }

  /** Search indexes over interaction texts, newest first (so a search can stop at its first hits). */
  interactionSearch(): { open: TextIndex<InteractionId>; confidential: TextIndex<InteractionId> } {
    if (!this.interactionSearchCache) {
      const texts = this.interactionTexts();
      const order = this.timeline().entries;
      this.interactionSearchCache = {
        open: new TextIndex(
          order.map((e) => [e.id, texts.get(e.id)!.open] as const),
          { filtered: true },
        ),
        confidential: new TextIndex(
          order.flatMap((e) => (texts.get(e.id)!.confidential ? [[e.id, texts.get(e.id)!.confidential] as const] : [])),
          { filtered: true },
        ),
      };
    }
    return this.interactionSearchCache;
  }

  /** Search indexes over contacts, in 五十音 order. */
  contactSearch(): ContactSearch {
    if (!this.contactSearchCache) {
      const order = this.contactsByReading();
      const entry = (id: ContactId) => this.contactIndex.get(id)!;
      this.contactSearchCache = {
        names: new TextIndex(order.map((id) => [id, entry(id).folded] as const)),
        readings: new TextIndex(order.map((id) => [id, entry(id).readingKey] as const)),
        open: new TextIndex(order.map((id) => [id, `${entry(id).openFolded}\u0001${entry(id).emails.join('\u0001')}`] as const)),
        confidential: new TextIndex(order.flatMap((id) => (entry(id).confidentialFolded ? [[id, entry(id).confidentialFolded] as const] : []))),
      };
    }
    return this.contactSearchCache;
  }

  interactionTexts(): ReadonlyMap<InteractionId, TextIndexEntry> {
    if (!this.interactionTextIndex) {
      this.interactionTextIndex = new Map();
      for (const entry of this.interactions.values()) this.interactionTextIndex.set(entry.id, interactionTextEntry(entry));
    }
    return this.interactionTextIndex;
  }

  /** Replaces everything the model knows from one shard with what the document holds now. */
  replaceShard(shardId: ShardId, doc: Automerge.Doc<ShardDoc>): void {
    this.removeShard(shardId);
    const kind = shardKind(shardId);
    if (kind === 'contacts') {
      this.putContactRecords(Object.entries((doc as ContactBucketDoc).contacts ?? {}) as [ContactId, ContactRecord][]);
    } else if (kind === 'interactions') {
      for (const [id, record] of Object.entries((doc as InteractionLogDoc).interactions ?? {})) this.putInteraction(interactionEntry(id as InteractionId, record));
    } else if (kind === 'events') {
      for (const [id, record] of Object.entries((doc as EventLogDoc).events ?? {})) this.putEvent(eventEntry(id as EventId, record));
    }
  }

  /** Contacts as stored (a bucket's records, or new ones as they are being stored). */
  putContactRecords(records: Iterable<readonly [ContactId, ContactRecord]>): void {
    for (const [id, record] of records) {
      const summary = contactSummary(id, record);
      this.putContact(summary, contactIndexEntry(summary, contactSearchFields(record)));
    }
  }

  removeShard(shardId: ShardId): void {
    const ids = this.shardIndex().get(shardId);
    if (!ids) return;
    const kind = shardKind(shardId);
    for (const id of [...ids]) {
      if (kind === 'contacts') this.deleteContact(id as ContactId);
      else if (kind === 'interactions') this.deleteInteraction(id as InteractionId);
      else this.deleteEvent(id as EventId);
    }
  }

  /** The shards the model holds records of, and how many of each. */
  recordsByShard(): ReadonlyMap<ShardId, number> {
    return new Map([...this.shardIndex()].map(([id, records]) => [id, records.size]));
  }

  /** Which records came from which shard; built on first need (a stale shard at unlock, a sync), then kept current. */
  private shardIndexCache: Map<ShardId, Set<string>> | undefined;

  private shardIndex(): Map<ShardId, Set<string>> {
    if (!this.shardIndexCache) {
      this.shardIndexCache = new Map();
      for (const id of this.contacts.keys()) this.indexShard(contactShard(id), id);
      for (const id of this.interactions.keys()) this.indexShard(interactionShard(id), id);
      for (const id of this.events.keys()) this.indexShard(eventShard(id), id);
    }
    return this.shardIndexCache;
  }

  private indexShard(shardId: ShardId, id: string, remove = false): void {
    const index = this.shardIndexCache!;
    const ids = index.get(shardId);
    if (remove) ids?.delete(id);
    else if (ids) ids.add(id);
    else index.set(shardId, new Set([id]));
  }

  /** Brings the model up to date with the records a set of Automerge patches touched. */
  applyPatches(shardId: ShardId, doc: Automerge.Doc<ShardDoc>, patches: readonly Automerge.Patch[]): void {
    const kind = shardKind(shardId);
    if (kind === 'root') return;
    const touched = touchedRecords(shardId, patches);
    if (touched === 'whole') return this.replaceShard(shardId, doc);
    const records = (doc as unknown as Record<string, Record<string, unknown> | undefined>)[kind];
    this.refreshRecords(shardId, new Map([...touched].map((id) => [id, records?.[id]])));
  }

  /** Brings the model up to date with records of a shard as they are now (undefined: deleted). */
  refreshRecords(shardId: ShardId, records: RecordLookup): void {
    const kind = shardKind(shardId);
    for (const [id, record] of records) {
      if (kind === 'contacts') {
        if (!record) {
          this.deleteContact(id as ContactId);
          continue;
        }
        const summary = contactSummary(id as ContactId, record as ContactRecord);
        this.putContact(summary, contactIndexEntry(summary, contactSearchFields(record as ContactRecord)));
      } else if (kind === 'interactions') {
        if (record) this.putInteraction(interactionEntry(id as InteractionId, record as InteractionRecord));
        else this.deleteInteraction(id as InteractionId);
      } else if (kind === 'events') {
        if (record) this.putEvent(eventEntry(id as EventId, record as EventRecord));
        else this.deleteEvent(id as EventId);
      }
    }
  }

  putContact(summary: ContactSummary, index: ContactIndexEntry): void {
    this.version++;
    this.contactSearchCache = undefined;
    const previous = this.contacts.get(summary.id);
    this.contacts.set(summary.id, summary);
    this.contactIndex.set(summary.id, index);
    if (!previous && this.shardIndexCache) this.indexShard(contactShard(summary.id), summary.id);
    if (!this.sortedContacts) return;
    if (previous && compareByReading(previous, summary) === 0) return;
    if (previous) this.sortedContacts.splice(this.sortedContacts.indexOf(summary.id), 1);
    this.sortedContacts.splice(this.insertionIndex(summary), 0, summary.id);
  }

  private insertionIndex(summary: ContactSummary): number {
    const order = this.sortedContacts!;
    let low = 0;
    let high = order.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareByReading(this.contacts.get(order[middle]!)!, summary) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private deleteContact(id: ContactId): void {
    if (!this.contacts.delete(id)) return;
    this.version++;
    this.contactSearchCache = undefined;
    this.contactIndex.delete(id);
    if (this.shardIndexCache) this.indexShard(contactShard(id), id, true);
    if (this.sortedContacts) this.sortedContacts.splice(this.sortedContacts.indexOf(id), 1);
  }

  /** Weighted gave / received / mutual over every interaction, kept as interactions come and go. */
  private readonly totals = { gave: 0, received: 0, mutual: 0, count: 0 };

  /** Interactions with a follow-up not yet done (the coach lists those due), kept as interactions come and go. */
  private readonly openFollowUpIds = new Set<InteractionId>();

  /** Interactions with a follow-up not yet done, in no particular order. */
  openFollowUps(): InteractionEntry[] {
    return [...this.openFollowUpIds].map((id) => this.interactions.get(id)!);
  }

  /** Counts an interaction into (1) or out of (-1) the totals and the open follow-ups. */
  private account(entry: InteractionEntry, sign: 1 | -1): void {
    const totals = this.totals;
    if (entry.direction === 'gave') totals.gave += sign * entry.weight;
    else if (entry.direction === 'received') totals.received += sign * entry.weight;
    else totals.mutual += sign * entry.weight;
    totals.count += sign;
    if (sign < 0) this.openFollowUpIds.delete(entry.id);
    else if (entry.followUp && !entry.followUp.done) this.openFollowUpIds.add(entry.id);
  }

  /** The whole vault's give and take (what balanceOf would sum over every interaction). */
  ledgerTotals(): { gave: number; received: number; mutual: number; balance: number; count: number } {
    const { gave, received, mutual, count } = this.totals;
    return { gave, received, mutual, balance: gave - received, count };
  }

  putInteraction(entry: InteractionEntry): void {
    this.version++;
    this.interactionSearchCache = undefined;
    if (this.interactions.has(entry.id)) this.deleteInteraction(entry.id);
    this.interactions.set(entry.id, entry);
    this.account(entry, 1);
    this.timelineInsert(entry);
    this.interactionTextIndex?.set(entry.id, interactionTextEntry(entry));
    if (this.shardIndexCache) this.indexShard(interactionShard(entry.id), entry.id);
    for (const contactId of entry.contactIds) {
      if (this.byContactIndex) {
        const ids = this.byContactIndex.get(contactId);
        if (ids) ids.add(entry.id);
        else this.byContactIndex.set(contactId, new Set([entry.id]));
      }
      const stats = this.stats.get(contactId);
      const gave = entry.direction === 'gave' ? entry.weight : 0;
      const received = entry.direction === 'received' ? entry.weight : 0;
      if (stats) {
        stats.interactionCount++;
        stats.lastInteractionAt = Math.max(stats.lastInteractionAt, entry.occurredAt);
        stats.gave += gave;
        stats.received += received;
      } else {
        this.stats.set(contactId, { interactionCount: 1, lastInteractionAt: entry.occurredAt, gave, received });
      }
    }
  }

  /** Interactions of one contact (builds the per-contact index on first use). */
  interactionsOf(contactId: ContactId): ReadonlySet<InteractionId> {
    return this.byContact().get(contactId) ?? new Set();
  }

  private byContact(): Map<ContactId, Set<InteractionId>> {
    if (!this.byContactIndex) {
      const index = new Map<ContactId, Set<InteractionId>>();
      for (const entry of this.interactions.values()) {
        for (const contactId of entry.contactIds) {
          let ids = index.get(contactId);
          if (!ids) index.set(contactId, (ids = new Set()));
          ids.add(entry.id);
        }
      }
      this.byContactIndex = index;
    }
    return this.byContactIndex;
  }

  private deleteInteraction(id: InteractionId): void {
    const entry = this.interactions.get(id);
    if (!entry) return;
    this.version++;
    const byContact = this.byContact();
    this.interactionSearchCache = undefined;
    this.timelineRemove(entry);
    this.interactions.delete(id);
    this.account(entry, -1);
    this.interactionTextIndex?.delete(id);
    if (this.shardIndexCache) this.indexShard(interactionShard(id), id, true);
    for (const contactId of entry.contactIds) {
      const ids = byContact.get(contactId);
      ids?.delete(id);
      if (!ids || ids.size === 0) {
        byContact.delete(contactId);
        this.stats.delete(contactId);
        continue;
      }
      const stats: MutableStats = { interactionCount: ids.size, lastInteractionAt: -Infinity, gave: 0, received: 0 };
      for (const other of ids) {
        const item = this.interactions.get(other)!;
        stats.lastInteractionAt = Math.max(stats.lastInteractionAt, item.occurredAt);
        if (item.direction === 'gave') stats.gave += item.weight;
        if (item.direction === 'received') stats.received += item.weight;
      }
      this.stats.set(contactId, stats);
    }
  }

  putEvent(entry: EventEntry): void {
    this.version++;
    const isNew = !this.events.has(entry.id);
    this.events.set(entry.id, entry);
    if (isNew && this.shardIndexCache) this.indexShard(eventShard(entry.id), entry.id);
  }

  private deleteEvent(id: EventId): void {
    if (!this.events.delete(id)) return;
    this.version++;
    if (this.shardIndexCache) this.indexShard(eventShard(id), id, true);
  }

  statsOf(contactId: ContactId): ContactStats {
    const stats = this.stats.get(contactId);
    return stats ? { interactionCount: stats.interactionCount, lastInteractionAt: stats.lastInteractionAt, gave: stats.gave, received: stats.received } : NO_STATS;
  }

  lastInteractionAt(contactId: ContactId): number | null {
    return this.stats.get(contactId)?.lastInteractionAt ?? null;
  }

  contact(id: ContactId): ContactListItem | undefined {
    const summary = this.contacts.get(id);
    return summary && { ...summary, ...this.statsOf(id) };
  }

  contactSummary(id: ContactId): ContactSummary | undefined {
    return this.contacts.get(id);
  }

  interaction(id: InteractionId): InteractionEntry | undefined {
    return this.interactions.get(id);
  }

  event(id: EventId): EventEntry | undefined {
    return this.events.get(id);
  }

  /** Where each contact stands in 五十音 order (for ranking search results); cached per model version. */
  private positionCache: { version: number; positions: Map<ContactId, number> } | undefined;

  readingPosition(id: ContactId): number {
    if (this.positionCache?.version !== this.version) {
      this.positionCache = { version: this.version, positions: new Map(this.contactsByReading().map((contactId, index) => [contactId, index])) };
    }
    return this.positionCache.positions.get(id) ?? Number.MAX_SAFE_INTEGER;
  }

  /** Contact ids in 五十音 order of their readings. */
  contactsByReading(): readonly ContactId[] {
    this.sortedContacts ??= [...this.contacts.values()].sort(compareByReading).map((c) => c.id);
    return this.sortedContacts;
  }

  /** Contacts in 五十音 order of their readings. */
  contactsPage(offset: number, limit: number): Page<ContactListItem> {
    const order = this.contactsByReading();
    return { total: order.length, items: order.slice(offset, offset + limit).map((id) => ({ ...this.contacts.get(id)!, ...this.statsOf(id) })) };
  }

  /** The cached form: tuples rather than objects, so it is small and parses fast. */
  toCache(): ReadModelCacheData {
    return {
      contacts: [...this.contacts.values()].map((c) => {
        const index = this.contactIndex.get(c.id)!;
        return [c.id, c.familyName, c.givenName, c.familyNameKana, c.givenNameKana, c.company, c.companyKana, c.department, c.title, c.stage, c.closeness, c.roles, c.tags, c.cadenceDays, c.birthday, c.archived ? 1 : 0, c.createdAt, c.updatedAt, index.folded, index.readingKey, index.openFolded, index.confidentialFolded, index.emails, index.phones, c.goalLinks];
      }),
      interactions: [...this.interactions.values()].map((i) => [i.id, i.occurredAt, i.contactIds, i.kind, i.direction, i.weight, i.summary, noteTuple(i.note), i.notesConflict ?? null, i.eventId, i.followUp]),
      events: [...this.events.values()].map((e) => [e.id, e.title, e.kind, e.startsAt, e.place, noteTuple(e.note), e.attendeeIds, e.followUp, e.goalLinks]),
      stats: [...this.stats].map(([id, s]) => [id, s.interactionCount, s.lastInteractionAt, s.gave, s.received]),
      ...(this.sortedContacts && { contactOrder: this.sortedContacts }),
    };
  }

  static fromCache(data: ReadModelCacheData): ReadModel {
    const model = new ReadModel();
    for (const [id, familyName, givenName, familyNameKana, givenNameKana, company, companyKana, department, title, stage, closeness, roles, tags, cadenceDays, birthday, archived, createdAt, updatedAt, folded, readingKey, openFolded, confidentialFolded, emails, phones, goalLinks] of data.contacts) {
      model.contacts.set(id, { id, familyName, givenName, familyNameKana, givenNameKana, company, companyKana, department, title, stage, closeness, roles, tags, cadenceDays, goalLinks, birthday, archived: archived === 1, createdAt, updatedAt });
      model.contactIndex.set(id, { folded, readingKey, openFolded, confidentialFolded, emails, phones });
    }
    for (const [id, occurredAt, contactIds, kind, direction, weight, summary, note, notesConflict, eventId, followUp] of data.interactions) {
      // One object shape for every entry: V8 keeps them compact and fast.
      const entry: InteractionEntry = { id, occurredAt, contactIds, kind, direction, weight, summary, note: noteFromTuple(note), notesConflict: notesConflict ?? undefined, eventId, followUp };
      model.interactions.set(id, entry);
      model.account(entry, 1);
    }
    for (const [id, title, kind, startsAt, place, note, attendeeIds, followUp, goalLinks] of data.events) {
      model.events.set(id, { id, title, kind, startsAt, place, note: noteFromTuple(note), attendeeIds, followUp, goalLinks });
    }
    // Aggregates were cached with the interactions they come from, so nothing is recomputed at unlock.
    for (const [id, interactionCount, lastInteractionAt, gave, received] of data.stats) model.stats.set(id, { interactionCount, lastInteractionAt, gave, received });
    if (data.contactOrder?.length === model.contacts.size && data.contactOrder.every((id) => model.contacts.has(id))) {
      model.sortedContacts = [...data.contactOrder];
    }
    return model;
  }
}
