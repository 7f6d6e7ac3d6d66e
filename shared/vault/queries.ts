/**
 * The questions views ask of the read model: contact lists sorted and filtered, timelines grouped
 * by day or month, search, duplicates. Pure functions over the model; results cached per model
 * version, so paging through one list does not redo the work.
 */
import type { ContactSummary } from '../domain/contact.ts';
import { boostsOf, effectiveCadence, nextDueAt, type GoalBoost } from '../insights/keep-in-touch.ts';
import type { EventSummary } from '../domain/event.ts';
import type { ContactId, EventId, GoalId, InteractionId } from '../domain/ids.ts';
import { DIRECTIONS, INTERACTION_KINDS, type InteractionView } from '../domain/interaction.ts';
import type { ContactQuery, TimelineQuery } from '../domain/queries.ts';
import { displayName, displayReading } from '../domain/names.ts';
import { maskNote } from '../domain/note.ts';
import { fold, parseQuery } from '../text/fold.ts';
import type { InteractionEntry } from './activity-records.ts';
import { type ReadModel } from './read-model.ts';
import { eventTextEntry, type ContactListItem, type Page } from './read-model-entries.ts';

/** A timeline is a flat list of rows, so it can be virtualized: a heading for each day (or month), then its items. */
export type TimelineRow = { readonly type: 'heading'; readonly key: string; readonly at: number; readonly count: number } | ({ readonly type: 'item' } & InteractionView);

const byRecent = (a: ContactSummary, b: ContactSummary) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Company names folded once per name, for each read model (a company filter compares every
 * contact's); they go with the model when the vault locks.
 */
const foldedCompanies = new WeakMap<ReadModel, Map<string, string>>();
const FOLDED_COMPANIES_KEPT = 20_000;

function companyFolder(model: ReadModel): (company: string) => string {
  let folded = foldedCompanies.get(model);
  if (!folded) foldedCompanies.set(model, (folded = new Map<string, string>()));
  const cache = folded;
  return (company) => {
    let value = cache.get(company);
    if (value === undefined) {
      if (cache.size >= FOLDED_COMPANIES_KEPT) cache.clear();
      cache.set(company, (value = fold(company)));
    }
    return value;
  };
}

function companyMatches(folded: string, target: string): boolean {
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

function cacheFor<T>(map: WeakMap<ReadModel, ResultCache<T>>, model: ReadModel): ResultCache<T> {
  let cache = map.get(model);
  if (!cache) map.set(model, (cache = new ResultCache<T>()));
  return cache;
}

/** What a contact list's filters need from outside the read model. */
export interface ContactQueryContext {
  /** The "my company" setting, for the 社内人脈 filter. */
  readonly myCompany: string;
  /** The links that count as belonging to a goal: the goal itself and its target profiles. */
  readonly linksOfGoal: (goalId: GoalId) => readonly string[];
  /** Active goals by link (goal or profile id): their priority shortens keep-in-touch rhythms. */
  readonly goalBoosts?: ReadonlyMap<string, GoalBoost>;
}

/** When a contact is next due to be in touch with, with the boost of their active goals; null without a rhythm. */
export function contactDueAt(model: ReadModel, contact: ContactSummary, goalBoosts: ReadonlyMap<string, GoalBoost>): number | null {
  const cadence = effectiveCadence(contact, boostsOf(contact.goalLinks, goalBoosts));
  return cadence && nextDueAt(cadence, model.lastInteractionAt(contact.id), contact.createdAt);
}

export function queryContacts(model: ReadModel, query: ContactQuery, context: ContactQueryContext): Page<ContactListItem> {
  const { offset, limit, ...filters } = query;
  const goalLinks = filters.goals.flatMap((goalId) => context.linksOfGoal(goalId));
  const goalBoosts = context.goalBoosts ?? new Map<string, GoalBoost>();
  const dueKey = filters.sort === 'due' ? [...goalBoosts] : [];
  const ids = cacheFor(contactLists, model).get(model, JSON.stringify([filters, goalLinks, context.myCompany, dueKey]), () => {
    const wanted = new Set<string>(goalLinks);
    const wantedCompany = fold(filters.company ?? '');
    const ownCompany = fold(context.myCompany);
    const foldCompany = companyFolder(model);
    const keep = (c: ContactSummary) =>
      (filters.archived === 'include' || c.archived === (filters.archived === 'only')) &&
      (filters.tags.length === 0 || filters.tags.some((tag) => c.tags.includes(tag))) &&
      (filters.stages.length === 0 || filters.stages.includes(c.stage)) &&
      (filters.roles.length === 0 || filters.roles.some((role) => c.roles.includes(role))) &&
      (!filters.company || companyMatches(foldCompany(c.company), wantedCompany)) &&
      (!filters.ownCompany || companyMatches(foldCompany(c.company), ownCompany)) &&
      (filters.goals.length === 0 || c.goalLinks.some((link) => wanted.has(link)));
    if (filters.sort === 'reading') return model.contactsByReading().filter((id) => keep(model.contactSummary(id)!));
    const chosen = [...model.allContacts()].filter(keep);
    // Sort keys computed once, not in every comparison.
    const sortKey = (c: ContactSummary): number => {
      switch (filters.sort) {
        case 'recent':
          return c.createdAt;
        case 'closeness':
          return c.closeness;
        case 'due':
          return -(contactDueAt(model, c, goalBoosts) ?? Infinity);
        case 'last-contact':
        case 'reading':
          return model.statsOf(c.id).lastInteractionAt ?? -Infinity;
      }
    };
    const keys = Float64Array.from(chosen, sortKey);
    const order = Array.from(chosen.keys());
    order.sort((i, j) => keys[j]! - keys[i]! || byRecent(chosen[i]!, chosen[j]!));
    return order.map((i) => chosen[i]!.id);
  });
  const page = ids.slice(offset, offset + limit);
  if (filters.sort === 'due') return { total: ids.length, items: page.map((id) => ({ ...model.contact(id)!, dueAt: contactDueAt(model, model.contactSummary(id)!, goalBoosts) })) };
  return { total: ids.length, items: page.map((id) => model.contact(id)!) };
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

/** YYYYMMDD → "YYYY-MM-DD", YYYYMM → "YYYY-MM". */
function headingLabel(key: number): string {
  const digits = String(key);
  return digits.length === 8 ? `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6)}` : `${digits.slice(0, 4)}-${digits.slice(4, 6)}`;
}

/**
 * A filtered timeline as compact rows: a non-negative number is a position in the model's
 * newest-first order, a negative one (-1 - h) is heading h. Plain numbers, so one pass over
 * 100,000 interactions allocates almost nothing.
 */
interface TimelineRows {
  readonly rows: Int32Array;
  readonly headings: { readonly key: number; readonly at: number; count: number }[];
  readonly order: readonly InteractionEntry[];
}

const timelines = new WeakMap<ReadModel, ResultCache<TimelineRows>>();

/** Which codes of `all` are wanted, as a table by code (1: wanted; an unknown value's code, -1, is never). */
function codeSet(all: readonly string[], wanted: readonly string[]): Uint8Array {
  const table = new Uint8Array(all.length);
  for (const value of wanted) {
    const code = all.indexOf(value);
    if (code >= 0) table[code] = 1;
  }
  return table;
}

export function queryTimeline(model: ReadModel, query: TimelineQuery): Page<TimelineRow> {
  const { offset, limit, ...filters } = query;
  const result = timelineRows(model, filters);
  const items: TimelineRow[] = [];
  for (const row of result.rows.subarray(offset, offset + limit)) {
    if (row >= 0) {
      items.push({ type: 'item', ...interactionView(model, result.order[row]!) });
    } else {
      const heading = result.headings[-row - 1]!;
      items.push({ type: 'heading', key: headingLabel(heading.key), at: heading.at, count: heading.count });
    }
  }
  return { total: result.rows.length, items };
}

/** Where the headings are in a timeline, so a virtualized list knows every row's height before loading it. */
export function timelineLayout(model: ReadModel, query: TimelineQuery): { total: number; headings: number[] } {
  const { offset: _offset, limit: _limit, ...filters } = query;
  const { rows } = timelineRows(model, filters);
  const headings: number[] = [];
  for (let i = 0; i < rows.length; i++) if (rows[i]! < 0) headings.push(i);
  return { total: rows.length, headings };
}

function timelineRows(model: ReadModel, filters: Omit<TimelineQuery, 'offset' | 'limit'>): TimelineRows {
  return cacheFor(timelines, model).get(model, JSON.stringify(filters), () => {
    const { entries, days, months, kinds: kindOf, directions: directionOf } = model.timeline();
    const keys = filters.group === 'month' ? months : days;
    // Following people (one contact, or everyone with a tag) starts from their own interactions,
    // placed by the model's position index; everything else is one pass over all interactions.
    let positions: Int32Array | undefined;
    if (filters.contactId || filters.tags.length > 0) {
      const found: number[] = [];
      const follow = (contactId: ContactId) => {
        for (const id of model.interactionsOf(contactId)) found.push(model.timelineIndex(id));
      };
      if (filters.contactId) follow(filters.contactId);
      else for (const contact of model.allContacts()) if (filters.tags.some((tag) => contact.tags.includes(tag))) follow(contact.id);
      // A typed numeric sort; an interaction with two tagged people appears twice and is skipped below.
      positions = Int32Array.from(found).sort();
    }
    const kinds = filters.kinds.length > 0 ? codeSet(INTERACTION_KINDS, filters.kinds) : undefined;
    const directions = filters.directions.length > 0 ? codeSet(DIRECTIONS, filters.directions) : undefined;
    const count = positions ? positions.length : entries.length;
    const rows = new Int32Array(count * 2);
    const headings: TimelineRows['headings'] = [];
    let n = 0;
    let lastKey = -1;
    for (let p = 0; p < count; p++) {
      const i = positions ? positions[p]! : p;
      if (positions && p > 0 && positions[p - 1] === i) continue;
      if (kinds && kinds[kindOf[i]!] !== 1) continue;
      if (directions && directions[directionOf[i]!] !== 1) continue;
      if (filters.eventId && entries[i]!.eventId !== filters.eventId) continue;
      if (keys[i] !== lastKey) {
        lastKey = keys[i]!;
        headings.push({ key: lastKey, at: entries[i]!.occurredAt, count: 0 });
        rows[n++] = -headings.length;
      }
      headings[headings.length - 1]!.count++;
      rows[n++] = i;
    }
    return { rows: rows.slice(0, n), headings, order: entries };
  });
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

  // Contacts: rank name and reading prefixes first, then other fields, then confidential notes.
  const index = model.contactSearch();
  const ranks = new Map<ContactId, number>();
  const consider = (id: ContactId, rank: number) => {
    if (!ranks.has(id) || ranks.get(id)! > rank) ranks.set(id, rank);
  };
  for (const [id, prefix] of index.names.findWithPrefix(query.folded)) consider(id, prefix ? 0 : 2);
  if (query.romaji) for (const [id, prefix] of index.readings.findWithPrefix(query.romaji)) consider(id, prefix ? 1 : 2);
  for (const id of index.open.find(query.folded)) consider(id, 3);
  const confidentialContacts = new Set<ContactId>();
  for (const id of index.confidential.find(query.folded)) {
    if (!ranks.has(id)) confidentialContacts.add(id);
    consider(id, 4);
  }
  const rankOf = (id: ContactId) => ranks.get(id)! + (model.contactSummary(id)!.archived ? 5 : 0);
  const contactHits = [...ranks.keys()].sort((a, b) => rankOf(a) - rankOf(b) || model.readingPosition(a) - model.readingPosition(b));

  // Interactions: the index runs newest first, so the first hits are the ones to show.
  const interactions = model.interactionSearch();
  const interactionHits: { id: InteractionId; confidential: boolean }[] = [];
  for (const id of interactions.open.find(query.folded)) {
    interactionHits.push({ id, confidential: false });
    if (interactionHits.length >= limit) break;
  }
  if (interactionHits.length < limit) {
    const seen = new Set(interactionHits.map((hit) => hit.id));
    for (const id of interactions.confidential.find(query.folded)) {
      if (seen.has(id)) continue;
      interactionHits.push({ id, confidential: true });
      if (interactionHits.length >= limit) break;
    }
  }

  const eventHits: { id: EventId; confidential: boolean }[] = [];
  for (const event of model.allEvents()) {
    const texts = eventTextEntry(event);
    if (texts.open.includes(query.folded)) eventHits.push({ id: event.id, confidential: false });
    else if (texts.confidential.includes(query.folded)) eventHits.push({ id: event.id, confidential: true });
  }

  return {
    contacts: contactHits.slice(0, limit).map((id) => {
      const contact = model.contact(id)!;
      return { ...contact, reading: displayReading(contact), matchedConfidential: confidentialContacts.has(id) };
    }),
    interactions: interactionHits.map(({ id, confidential }) => ({ ...interactionView(model, model.interaction(id)!), matchedConfidential: confidential })),
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
