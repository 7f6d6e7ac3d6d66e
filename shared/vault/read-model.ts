/**
 * What lists, timelines and search read: summaries of every contact and interaction, per-contact
 * aggregates and the 五十音 order — kept in memory, current from Automerge patches, and cached
 * (encrypted) between sessions so unlocking does not load every shard.
 */
import type * as Automerge from '@automerge/automerge';
import { compareByReading, type ContactSummary } from '../domain/contact.ts';
import type { ContactId, InteractionId } from '../domain/ids.ts';
import { contactSummary, interactionEntry, type ContactBucketDoc, type InteractionEntry, type InteractionLogDoc, type ShardDoc } from './documents.ts';
import { contactShard, interactionShard, shardKind, type ShardId } from './shards.ts';

export interface ContactStats {
  readonly interactionCount: number;
  /** Milliseconds since the epoch, or null when nothing was logged yet. */
  readonly lastInteractionAt: number | null;
}

export type ContactListItem = ContactSummary & ContactStats;

export interface Page<T> {
  readonly total: number;
  readonly items: readonly T[];
}

const NO_STATS: ContactStats = { interactionCount: 0, lastInteractionAt: null };

export class ReadModel {
  private readonly contacts = new Map<ContactId, ContactSummary>();
  private readonly interactions = new Map<InteractionId, InteractionEntry>();
  /** Interactions of each contact; built on first need (an edit or removal), not at unlock. */
  private byContactIndex: Map<ContactId, Set<InteractionId>> | undefined;
  private readonly stats = new Map<ContactId, { interactionCount: number; lastInteractionAt: number }>();
  private sortedContacts: ContactId[] | undefined;

  get contactCount(): number {
    return this.contacts.size;
  }

  get interactionCount(): number {
    return this.interactions.size;
  }

  /** Replaces everything the model knows from one shard with what the document holds now. */
  replaceShard(shardId: ShardId, doc: Automerge.Doc<ShardDoc>): void {
    this.removeShard(shardId);
    const kind = shardKind(shardId);
    if (kind === 'contacts') {
      for (const [id, record] of Object.entries((doc as ContactBucketDoc).contacts ?? {})) this.putContact(contactSummary(id as ContactId, record));
    } else if (kind === 'interactions') {
      for (const [id, record] of Object.entries((doc as InteractionLogDoc).interactions ?? {})) this.putInteraction(interactionEntry(id as InteractionId, record));
    }
  }

  removeShard(shardId: ShardId): void {
    const ids = this.shardIndex().get(shardId);
    if (!ids) return;
    const kind = shardKind(shardId);
    for (const id of [...ids]) {
      if (kind === 'contacts') this.deleteContact(id as ContactId);
      else this.deleteInteraction(id as InteractionId);
    }
  }

  /** Which records came from which shard; built on first need (a stale shard at unlock, a sync), then kept current. */
  private shardIndexCache: Map<ShardId, Set<string>> | undefined;

  private shardIndex(): Map<ShardId, Set<string>> {
    if (!this.shardIndexCache) {
      this.shardIndexCache = new Map();
      for (const id of this.contacts.keys()) this.indexShard(contactShard(id), id);
      for (const id of this.interactions.keys()) this.indexShard(interactionShard(id), id);
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
    const touched = new Set<string>();
    let wholeMap = false;
    for (const patch of patches) {
      if (patch.path[0] !== kind) continue;
      if (patch.path.length === 1) wholeMap = true;
      else touched.add(String(patch.path[1]));
    }
    if (wholeMap) return this.replaceShard(shardId, doc);
    if (kind === 'contacts') {
      const records = (doc as ContactBucketDoc).contacts ?? {};
      for (const id of touched) {
        const record = records[id];
        if (record) this.putContact(contactSummary(id as ContactId, record));
        else this.deleteContact(id as ContactId);
      }
    } else {
      const records = (doc as InteractionLogDoc).interactions ?? {};
      for (const id of touched) {
        const record = records[id];
        if (record) this.putInteraction(interactionEntry(id as InteractionId, record));
        else this.deleteInteraction(id as InteractionId);
      }
    }
  }

  putContact(summary: ContactSummary): void {
    const previous = this.contacts.get(summary.id);
    this.contacts.set(summary.id, summary);
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
    if (this.shardIndexCache) this.indexShard(contactShard(id), id, true);
    if (this.sortedContacts) this.sortedContacts.splice(this.sortedContacts.indexOf(id), 1);
  }

  putInteraction(entry: InteractionEntry): void {
    if (this.interactions.has(entry.id)) this.deleteInteraction(entry.id);
    this.interactions.set(entry.id, entry);
    if (this.shardIndexCache) this.indexShard(interactionShard(entry.id), entry.id);
    for (const contactId of entry.contactIds) {
      if (this.byContactIndex) {
        const ids = this.byContactIndex.get(contactId);
        if (ids) ids.add(entry.id);
        else this.byContactIndex.set(contactId, new Set([entry.id]));
      }
      const stats = this.stats.get(contactId);
      if (stats) {
        stats.interactionCount++;
        stats.lastInteractionAt = Math.max(stats.lastInteractionAt, entry.occurredAt);
      } else {
        this.stats.set(contactId, { interactionCount: 1, lastInteractionAt: entry.occurredAt });
      }
    }
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
    const byContact = this.byContact();
    this.interactions.delete(id);
    if (this.shardIndexCache) this.indexShard(interactionShard(id), id, true);
    for (const contactId of entry.contactIds) {
      const ids = byContact.get(contactId);
      ids?.delete(id);
      if (!ids || ids.size === 0) {
        byContact.delete(contactId);
        this.stats.delete(contactId);
        continue;
      }
      let last = -Infinity;
      for (const other of ids) last = Math.max(last, this.interactions.get(other)!.occurredAt);
      this.stats.set(contactId, { interactionCount: ids.size, lastInteractionAt: last });
    }
  }

  statsOf(contactId: ContactId): ContactStats {
    const stats = this.stats.get(contactId);
    return stats ? { interactionCount: stats.interactionCount, lastInteractionAt: stats.lastInteractionAt } : NO_STATS;
  }

  contact(id: ContactId): ContactListItem | undefined {
    const summary = this.contacts.get(id);
    return summary && { ...summary, ...this.statsOf(id) };
  }

  interaction(id: InteractionId): InteractionEntry | undefined {
    return this.interactions.get(id);
  }

  /** Contacts in 五十音 order of their readings. */
  contactsPage(offset: number, limit: number): Page<ContactListItem> {
    this.sortedContacts ??= [...this.contacts.values()].sort(compareByReading).map((c) => c.id);
    const items = this.sortedContacts.slice(offset, offset + limit).map((id) => ({ ...this.contacts.get(id)!, ...this.statsOf(id) }));
    return { total: this.sortedContacts.length, items };
  }

  /** The cached form: tuples rather than objects, so it is small and parses fast. */
  toCache(): ReadModelCacheData {
    return {
      contacts: [...this.contacts.values()].map((c) => [c.id, c.familyName, c.givenName, c.familyNameKana, c.givenNameKana, c.company, c.title, c.updatedAt]),
      interactions: [...this.interactions.values()].map((i) => [i.id, i.occurredAt, i.contactIds, i.kind, i.direction, i.summary, i.notes, i.notesConflict ?? null]),
      ...(this.sortedContacts && { contactOrder: this.sortedContacts }),
    };
  }

  static fromCache(data: ReadModelCacheData): ReadModel {
    const model = new ReadModel();
    for (const [id, familyName, givenName, familyNameKana, givenNameKana, company, title, updatedAt] of data.contacts) {
      model.contacts.set(id, { id, familyName, givenName, familyNameKana, givenNameKana, company, title, updatedAt });
    }
    for (const [id, occurredAt, contactIds, kind, direction, summary, notes, notesConflict] of data.interactions) {
      // One object shape for every entry (no spread): V8 keeps them compact and fast.
      model.putInteraction({ id, occurredAt, contactIds, kind, direction, summary, notes, notesConflict: notesConflict ?? undefined });
    }
    if (data.contactOrder?.length === model.contacts.size && data.contactOrder.every((id) => model.contacts.has(id))) {
      model.sortedContacts = [...data.contactOrder];
    }
    return model;
  }
}

export interface ReadModelCacheData {
  readonly contacts: readonly (readonly [ContactId, string, string, string, string, string, string, number])[];
  readonly interactions: readonly (readonly [InteractionId, number, readonly ContactId[], string, InteractionEntry['direction'], string, string, readonly string[] | null])[];
  readonly contactOrder?: readonly ContactId[];
}
