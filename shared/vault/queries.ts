/**
 * The questions views ask of the read model: contact lists sorted and filtered, timelines grouped
 * by day or month, search, duplicates. Pure functions over the model; results cached per model
 * version, so paging through one list does not redo the work.
 */
import type { ContactSummary } from '../domain/contact.ts';
import type { EventSummary } from '../domain/event.ts';
import type { ContactId, EventId, InteractionId } from '../domain/ids.ts';
import type { InteractionView } from '../domain/interaction.ts';
import type { ContactQuery, TimelineQuery } from '../domain/queries.ts';
import { displayName, displayReading } from '../domain/names.ts';
import { maskNote } from '../domain/note.ts';
import { fold, parseQuery } from '../text/fold.ts';
import type { InteractionEntry } from './documents.ts';
import { eventTextEntry, type ContactListItem, type Page, type ReadModel } from './read-model.ts';

/** A timeline is a flat list of rows, so it can be virtualized: a heading for each day (or month), then its items. */
export type TimelineRow = { readonly type: 'heading'; readonly key: string; readonly at: number; readonly count: number } | ({ readonly type: 'item' } & InteractionView);

const byRecent = (a: ContactSummary, b: ContactSummary) => b.createdAt - a.createdAt || a.id.localeCompare(b.id);

function companyMatches(company: string, wanted: string): boolean {
  const folded = fold(company);
  const target = fold(wanted);
  return target.length > 0 && (folded === target || folded.includes(target) || (folded.length > 0 && target.includes(folded)));
}

/** A small cache of whole result lists, keyed by query and dropped whenever the model changes. */
class ResultCache<T> {
  private version = -1;
  private readonly entries = new Map<string, T>();

  get(model: ReadModel, key: string, compute: () => T): T {
    if (this.version !== model.version) {
      this.entries.clear();
      this.version = model.version;
    }
    let value = this.entries.get(key);
    if (value === undefined) {
      if (this.entries.size > 16) this.entries.clear();
      value = compute();
      this.entries.set(key, value);
    }
    return value;
  }
}

const contactLists = new WeakMap<ReadModel, ResultCache<readonly ContactId[]>>();
const timelines = new WeakMap<ReadModel, ResultCache<readonly TimelineEntryRef[]>>();

type TimelineEntryRef = { readonly heading: string; readonly at: number; readonly count: number } | InteractionId;

function cacheFor<T>(map: WeakMap<ReadModel, ResultCache<T>>, model: ReadModel): ResultCache<T> {
  let cache = map.get(model);
  if (!cache) map.set(model, (cache = new ResultCache<T>()));
  return cache;
}

export function queryContacts(model: ReadModel, query: ContactQuery, myCompany: string): Page<ContactListItem> {
  const { offset, limit, ...filters } = query;
  const ids = cacheFor(contactLists, model).get(model, JSON.stringify([filters, myCompany]), () => {
    const keep = (c: ContactSummary) =>
      (filters.archived === 'include' || c.archived === (filters.archived === 'only')) &&
      (filters.tags.length === 0 || filters.tags.some((tag) => c.tags.includes(tag))) &&
      (filters.stages.length === 0 || filters.stages.includes(c.stage)) &&
      (filters.roles.length === 0 || filters.roles.some((role) => c.roles.includes(role))) &&
      (!filters.company || companyMatches(c.company, filters.company)) &&
      (!filters.ownCompany || companyMatches(c.company, myCompany));
    if (filters.sort === 'reading') return model.contactsByReading().filter((id) => keep(model.contactSummary(id)!));
    const chosen = [...model.allContacts()].filter(keep);
    if (filters.sort === 'recent') chosen.sort(byRecent);
    else if (filters.sort === 'closeness') chosen.sort((a, b) => b.closeness - a.closeness || byRecent(a, b));
    else {
      const last = (c: ContactSummary) => model.statsOf(c.id).lastInteractionAt ?? -Infinity;
      chosen.sort((a, b) => last(b) - last(a) || byRecent(a, b));
    }
    return chosen.map((c) => c.id);
  });
  return { total: ids.length, items: ids.slice(offset, offset + limit).map((id) => model.contact(id)!) };
}

/** The tags and companies in use, most used first, for the filter menus. */
export function contactFacets(model: ReadModel): { tags: { value: string; count: number }[]; companies: { value: string; count: number }[] } {
  const tags = new Map<string, number>();
  const companies = new Map<string, number>();
  for (const c of model.allContacts()) {
    if (c.archived) continue;
    for (const tag of c.tags) tags.set(tag, (tags.get(tag) ?? 0) + 1);
    if (c.company) companies.set(c.company, (companies.get(c.company) ?? 0) + 1);
  }
  const ranked = (counts: Map<string, number>) => [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value, 'ja'));
  return { tags: ranked(tags), companies: ranked(companies).slice(0, 200) };
}

export function interactionView(model: ReadModel, entry: InteractionEntry): InteractionView {
  return {
    id: entry.id,
    occurredAt: entry.occurredAt,
    kind: entry.kind,
    direction: entry.direction,
    weight: entry.weight,
    summary: entry.summary,
    note: maskNote(entry.note),
    noteConflict: entry.notesConflict !== undefined,
    contacts: entry.contactIds.map((id) => {
      const contact = model.contactSummary(id);
      return { id, name: contact ? displayName(contact) : '' };
    }),
    eventId: entry.eventId,
    followUp: entry.followUp,
  };
}

function groupKey(at: number, group: 'day' | 'month'): string {
  const date = new Date(at);
  const month = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;
  return group === 'month' ? month : `${month}-${String(date.getDate()).padStart(2, '0')}`;
}

export function queryTimeline(model: ReadModel, query: TimelineQuery): Page<TimelineRow> {
  const { offset, limit, ...filters } = query;
  const refs = cacheFor(timelines, model).get(model, JSON.stringify(filters), () => {
    const tagged = filters.tags.length > 0 ? new Set([...model.allContacts()].filter((c) => filters.tags.some((tag) => c.tags.includes(tag))).map((c) => c.id)) : undefined;
    const source = filters.contactId ? [...model.interactionsOf(filters.contactId)].map((id) => model.interaction(id)!) : [...model.allInteractions()];
    const chosen = source.filter(
      (i) =>
        (filters.kinds.length === 0 || filters.kinds.includes(i.kind)) &&
        (filters.directions.length === 0 || filters.directions.includes(i.direction)) &&
        (!filters.eventId || i.eventId === filters.eventId) &&
        (!tagged || i.contactIds.some((id) => tagged.has(id))),
    );
    chosen.sort((a, b) => b.occurredAt - a.occurredAt || (a.id < b.id ? 1 : -1));
    const rows: TimelineEntryRef[] = [];
    let heading: { heading: string; at: number; count: number } | undefined;
    for (const item of chosen) {
      const key = groupKey(item.occurredAt, filters.group);
      if (heading?.heading !== key) rows.push((heading = { heading: key, at: item.occurredAt, count: 0 }));
      heading.count++;
      rows.push(item.id);
    }
    return rows;
  });
  const items = refs.slice(offset, offset + limit).map((ref): TimelineRow => (typeof ref === 'string' ? { type: 'item', ...interactionView(model, model.interaction(ref)!) } : { type: 'heading', key: ref.heading, at: ref.at, count: ref.count }));
  return { total: refs.length, items };
}

export function listEvents(model: ReadModel, offset: number, limit: number): Page<EventSummary> {
  const all = [...model.allEvents()].sort((a, b) => b.startsAt - a.startsAt);
  return { total: all.length, items: all.slice(offset, offset + limit).map(({ note: _note, ...summary }) => summary) };
}

// ---- search ---------------------------------------------------------------------------------

export interface SearchResults {
  readonly contacts: readonly (ContactListItem & { readonly reading: string; readonly matchedConfidential: boolean })[];
  readonly interactions: readonly (InteractionView & { readonly matchedConfidential: boolean })[];
  readonly events: readonly (EventSummary & { readonly matchedConfidential: boolean })[];
}

/**
 * Names, readings (also typed in romaji: "tanaka" finds たなか/田中), company, title, tags and
 * notes. A match inside confidential text is found but never shown: the result says so instead.
 */
export function search(model: ReadModel, raw: string, limit = 20): SearchResults {
  const query = parseQuery(raw);
  if (!query.folded) return { contacts: [], interactions: [], events: [] };

  const contactHits: { id: ContactId; rank: number; confidential: boolean }[] = [];
  for (const contact of model.allContacts()) {
    const index = model.searchEntry(contact.id)!;
    let rank = -1;
    const at = index.folded.indexOf(query.folded);
    if (at === 0) rank = 0;
    else if (at > 0) rank = 2;
    else if (query.romaji && index.readingKey.includes(query.romaji)) rank = index.readingKey.startsWith(query.romaji) ? 1 : 2;
    else if (index.openFolded.includes(query.folded) || index.emails.some((email) => email.includes(query.folded))) rank = 3;
    const confidential = rank < 0 && index.confidentialFolded.includes(query.folded);
    if (confidential) rank = 4;
    if (rank >= 0) contactHits.push({ id: contact.id, rank: rank + (contact.archived ? 5 : 0), confidential });
  }
  const order = new Map(model.contactsByReading().map((id, i) => [id, i]));
  contactHits.sort((a, b) => a.rank - b.rank || order.get(a.id)! - order.get(b.id)!);

  const interactionHits: { id: InteractionId; confidential: boolean }[] = [];
  for (const [id, texts] of model.interactionTexts()) {
    if (texts.open.includes(query.folded)) interactionHits.push({ id, confidential: false });
    else if (texts.confidential.includes(query.folded)) interactionHits.push({ id, confidential: true });
  }
  interactionHits.sort((a, b) => model.interaction(b.id)!.occurredAt - model.interaction(a.id)!.occurredAt);

  const eventHits: { id: EventId; confidential: boolean }[] = [];
  for (const event of model.allEvents()) {
    const texts = eventTextEntry(event);
    if (texts.open.includes(query.folded)) eventHits.push({ id: event.id, confidential: false });
    else if (texts.confidential.includes(query.folded)) eventHits.push({ id: event.id, confidential: true });
  }

  return {
    contacts: contactHits.slice(0, limit).map(({ id, confidential }) => {
      const contact = model.contact(id)!;
      return { ...contact, reading: displayReading(contact), matchedConfidential: confidential };
    }),
    interactions: interactionHits.slice(0, limit).map(({ id, confidential }) => ({ ...interactionView(model, model.interaction(id)!), matchedConfidential: confidential })),
    events: eventHits.slice(0, limit).map(({ id, confidential }) => {
      const { note: _note, ...summary } = model.event(id)!;
      return { ...summary, matchedConfidential: confidential };
    }),
  };
}

// ---- duplicates -----------------------------------------------------------------------------

export type DuplicateReason = 'reading-and-company' | 'email' | 'phone';

export interface DuplicatePair {
  readonly a: ContactListItem;
  readonly b: ContactListItem;
  readonly reasons: readonly DuplicateReason[];
}

/** Likely duplicates: same reading and company, or a shared email or phone number. */
export function findDuplicates(model: ReadModel, dismissed: ReadonlySet<string> = new Set()): DuplicatePair[] {
  const groups = new Map<string, { reason: DuplicateReason; ids: ContactId[] }>();
  const add = (key: string, reason: DuplicateReason, id: ContactId) => {
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { reason, ids: [] }));
    if (!group.ids.includes(id)) group.ids.push(id);
  };
  for (const contact of model.allContacts()) {
    if (contact.archived) continue;
    const index = model.searchEntry(contact.id)!;
    const reading = fold(`${contact.familyNameKana || contact.familyName}${contact.givenNameKana || contact.givenName}`);
    if (reading && contact.company) add(`r:${reading}:${fold(contact.company)}`, 'reading-and-company', contact.id);
    for (const email of index.emails) add(`e:${email}`, 'email', contact.id);
    for (const phone of index.phones) add(`p:${phone}`, 'phone', contact.id);
  }
  const pairs = new Map<string, { a: ContactId; b: ContactId; reasons: Set<DuplicateReason> }>();
  for (const { reason, ids } of groups.values()) {
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const [a, b] = [ids[i]!, ids[j]!].sort() as [ContactId, ContactId];
        const key = `${a}:${b}`;
        if (dismissed.has(key)) continue;
        let pair = pairs.get(key);
        if (!pair) pairs.set(key, (pair = { a, b, reasons: new Set() }));
        pair.reasons.add(reason);
      }
    }
  }
  return [...pairs.values()].slice(0, 200).map(({ a, b, reasons }) => ({ a: model.contact(a)!, b: model.contact(b)!, reasons: [...reasons] }));
}

export function duplicateKey(a: ContactId, b: ContactId): string {
  return [a, b].sort().join(':');
}
