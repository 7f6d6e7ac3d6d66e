/**
 * The everyday operations through the API as the renderer calls them: contacts with everything a
 * relationship needs, interactions, events, search, confidentiality, undo, duplicates and merging.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract.ts';
import type { ContactId } from '../../../shared/domain/ids.ts';
import { TEST_KDF_POLICY, testKdf } from '../../../tests/support/fast-kdf.ts';
import { makeTempDir } from '../../../tests/support/temp-dir.ts';
import { VaultService } from '../vault/vault-service.ts';
import { createDispatcher } from './dispatch.ts';
import { vaultHandlers } from './handlers.ts';

let dir: Awaited<ReturnType<typeof makeTempDir>>;
let vault: VaultService;
let call: <M extends MethodName>(method: M, input: MethodInput<M>) => Promise<MethodOutput<M>>;
const NOW = Date.UTC(2026, 10, 27, 3);
const DAY = 86_400_000;
/** The service's clock; tests move it forward. */
let now = NOW;

beforeEach(async () => {
  dir = await makeTempDir();
  now = NOW;
  vault = new VaultService({ dataDir: dir.path, kdf: testKdf, kdfPolicy: TEST_KDF_POLICY, clock: () => now });
  const dispatch = createDispatcher(vaultHandlers(vault), { onInternalError: (_m, error) => console.error(error) });
  call = async (method, input) => {
    const result = await dispatch(method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
    return result.value as never;
  };
  await call('createVault', { name: 'v', passphrase: 'kumo-no-ue-de-hirune-suru-neko' });
});
afterEach(async () => {
  await vault.lock();
  await dir.remove();
});

const tanaka = {
  familyName: '田中',
  givenName: '花子',
  familyNameKana: 'たなか',
  givenNameKana: 'はなこ',
  company: '縁商事株式会社',
  companyKana: 'えにししょうじ',
  department: '営業部',
  title: '部長',
  channels: [{ kind: 'email' as const, value: 'hanako@enishi.example' }],
  stage: 'trusted' as const,
  closeness: 4,
  roles: ['mentor' as const, 'client' as const],
  tags: ['SaaS', '勉強会'],
  cadenceDays: 30 as const,
  understanding: { needs: { text: '転職を考えている(内密に)', confidentiality: 'confidential' as const } },
  notes: [{ text: '子どもが小学校に入学', date: '2026-04-08' }],
};

async function addContact(input: MethodInput<'addContact'>): Promise<ContactId> {
  return (await call('addContact', input)).id;
}

describe('contacts', () => {
  test('every field comes back; confidential text is masked until revealed; unrevealed edits keep it', async () => {
    const id = await addContact(tanaka);
    const detail = await call('getContact', { id });
    expect(detail).toMatchObject({ familyName: '田中', companyKana: 'えにししょうじ', department: '営業部', stage: 'trusted', closeness: 4, roles: ['mentor', 'client'], tags: ['SaaS', '勉強会'], cadenceDays: 30 });
    expect(detail.channels).toEqual([{ kind: 'email', value: 'hanako@enishi.example', label: '' }]);
    expect(detail.understanding.needs).toMatchObject({ masked: true, length: 13, confidentiality: 'confidential' });
    expect(JSON.stringify(detail)).not.toContain('転職');
    expect(detail.notes).toEqual([expect.objectContaining({ masked: false, text: '子どもが小学校に入学', date: '2026-04-08' })]);

    expect(await call('revealNote', { type: 'understanding', contactId: id, field: 'needs' })).toEqual({ text: '転職を考えている(内密に)' });

    // The edit form never saw the masked text: it sends it empty and asks to keep it.
    const { id: _id, names: _names, createdAt: _c, updatedAt: _u, interactionCount: _i, lastInteractionAt: _l, understanding, notes, ...rest } = detail;
    await call('updateContact', {
      id,
      draft: { ...rest, title: '取締役', understanding: { needs: { text: '', confidentiality: 'confidential' } }, notes: notes.map((n) => ({ id: n.id, date: n.date, text: n.masked ? '' : n.text })) },
      keepText: { understanding: ['needs'] },
    });
    expect(understanding.needs.masked).toBe(true);
    expect(await call('revealNote', { type: 'understanding', contactId: id, field: 'needs' })).toEqual({ text: '転職を考えている(内密に)' });
    expect((await call('getContact', { id })).title).toBe('取締役');
  });

  test('lists sort and filter: 五十音, closeness, tags, stages, roles, company, 社内 and archived', async () => {
    const ids = {
      tanaka: await addContact(tanaka),
      abe: await addContact({ familyName: '阿部', givenName: '亮', familyNameKana: 'あべ', givenNameKana: 'りょう', company: '自社株式会社', title: '', closeness: 5, tags: ['社内'] }),
      weber: await addContact({ familyName: 'Weber', givenName: 'Lea', familyNameKana: '', givenNameKana: '', company: 'Northwind Labs', title: 'CTO', stage: 'target', roles: ['collaborator'] }),
    };
    const names = async (query: MethodInput<'listContacts'>) => (await call('listContacts', query)).items.map((c) => c.familyName);
    expect(await names({})).toEqual(['Weber', '阿部', '田中']);
    expect(await names({ sort: 'closeness' })).toEqual(['阿部', '田中', 'Weber']);
    expect(await names({ tags: ['SaaS'] })).toEqual(['田中']);
    expect(await names({ stages: ['target'] })).toEqual(['Weber']);
    expect(await names({ roles: ['mentor', 'collaborator'] })).toEqual(['Weber', '田中']);
    expect(await names({ company: 'northwind' })).toEqual(['Weber']);
    expect(await names({ ownCompany: true })).toEqual([]);
    await call('updateSettings', { myCompany: '自社' });
    expect(await names({ ownCompany: true })).toEqual(['阿部']);
    await call('setContactArchived', { id: ids.weber, archived: true });
    expect(await names({})).toEqual(['阿部', '田中']);
    expect(await names({ archived: 'only' })).toEqual(['Weber']);
    const facets = await call('getContactFacets', {});
    expect(facets.tags.map((t) => t.value)).toEqual(expect.arrayContaining(['SaaS', '勉強会', '社内']));
  });

  test('delete takes the interactions that were with them alone, and undo brings everything back', async () => {
    const a = await addContact(tanaka);
    const b = await addContact({ familyName: '佐藤', givenName: '健', familyNameKana: 'さとう', givenNameKana: 'けん', company: '', title: '' });
    await call('addInteraction', { contactIds: [a], occurredAt: NOW - 86_400_000, kind: 'meeting', summary: 'lunch' });
    await call('addInteraction', { contactIds: [a, b], occurredAt: NOW, kind: 'introduction', direction: 'gave', summary: 'introduced' });
    const { undoToken } = await call('deleteContact', { id: a });
    expect((await call('listContacts', {})).total).toBe(1);
    const remaining = await call('listTimeline', {});
    expect(remaining.items.filter((r) => r.type === 'item').map((r) => r.type === 'item' && r.contacts.map((c) => c.id))).toEqual([[b]]);

    await call('undo', { token: undoToken });
    expect((await call('getContact', { id: a })).familyName).toBe('田中');
    const restored = await call('listTimeline', { contactId: a });
    expect(restored.items.filter((r) => r.type === 'item')).toHaveLength(2);
    expect((await call('listContacts', {})).items.find((c) => c.id === a)).toMatchObject({ interactionCount: 2, gave: 1 });
  });
});

describe('interactions and timelines', () => {
  test('a timeline is grouped by day (or month), newest first, and filters by kind, direction and tag', async () => {
    const a = await addContact(tanaka);
    const b = await addContact({ familyName: 'Weber', givenName: 'Lea', familyNameKana: '', givenNameKana: '', company: '', title: '', tags: ['Berlin'] });
    const day = (d: number, h = 9) => Date.UTC(2026, 9, d, h);
    await call('addInteraction', { contactIds: [a], occurredAt: day(1), kind: 'call', direction: 'received', weight: 2, summary: 'advice' });
    await call('addInteraction', { contactIds: [a], occurredAt: day(1, 15), kind: 'thanks', direction: 'gave', summary: 'thanks' });
    await call('addInteraction', { contactIds: [b], occurredAt: day(20), kind: 'message', direction: 'gave', summary: 'intro mail', followUp: { text: 'ask for feedback', dueAt: day(27) } });
    const rows = (await call('listTimeline', {})).items;
    expect(rows.map((r) => (r.type === 'heading' ? `# ${r.key} (${r.count})` : r.summary))).toEqual(['# 2026-10-20 (1)', 'intro mail', '# 2026-10-01 (2)', 'thanks', 'advice']);
    const months = (await call('listTimeline', { group: 'month' })).items;
    expect(months.filter((r) => r.type === 'heading').map((r) => r.type === 'heading' && r.key)).toEqual(['2026-10']);
    expect((await call('listTimeline', { kinds: ['call'] })).total).toBe(2);
    expect((await call('listTimeline', { directions: ['gave'], tags: ['Berlin'] })).items.map((r) => (r.type === 'item' ? r.summary : r.key))).toEqual(['2026-10-20', 'intro mail']);
    expect((await call('listContacts', {})).items.find((c) => c.id === a)).toMatchObject({ interactionCount: 2, lastInteractionAt: day(1, 15), gave: 1, received: 2 });
    // An interaction with two people who both carry the tag is listed once.
    await call('addInteraction', { contactIds: [a, b], occurredAt: day(21), kind: 'meeting', direction: 'mutual', summary: 'three of us' });
    expect((await call('listTimeline', { tags: ['Berlin', 'SaaS'] })).items.map((r) => (r.type === 'item' ? r.summary : r.key))).toEqual(['2026-10-21', 'three of us', '2026-10-20', 'intro mail', '2026-10-01', 'thanks', 'advice']);
    // Kind and direction filters stay right as the timeline changes under them.
    const summaries = async (query: MethodInput<'listTimeline'>) => (await call('listTimeline', query)).items.map((r) => (r.type === 'item' ? r.summary : r.key));
    expect(await summaries({ kinds: ['meeting'], directions: ['mutual'] })).toEqual(['2026-10-21', 'three of us']);
    const thanks = rows.find((r) => r.type === 'item' && r.summary === 'thanks');
    await call('deleteInteraction', { id: thanks!.type === 'item' ? thanks!.id : ('') });
    expect(await summaries({ directions: ['gave'] })).toEqual(['2026-10-20', 'intro mail']);
    expect(await summaries({ kinds: ['call'] })).toEqual(['2026-10-01', 'advice']);
  });

  test('a confidential interaction note is masked in timelines and found by search, shown masked', async () => {
    const a = await addContact(tanaka);
    const { id } = await call('addInteraction', { contactIds: [a], occurredAt: NOW, kind: 'meeting', summary: '相談', note: { text: '来春に独立予定。まだ社内には秘密。', confidentiality: 'confidential', toldBy: a, audience: 'nobody' } });
    const [row] = (await call('listTimeline', {})).items.filter((r) => r.type === 'item');
    expect(row).toMatchObject({ note: { masked: true, confidentiality: 'confidential', toldBy: a, audience: 'nobody' } });
    expect(JSON.stringify(row)).not.toContain('独立');
    const found = await call('search', { query: '独立' });
    expect(found.interactions.map((i) => [i.id, i.matchedConfidential, i.note.masked])).toEqual([[id, true, true]]);
    expect(JSON.stringify(found)).not.toContain('独立');
    expect(await call('revealNote', { type: 'interaction', id })).toEqual({ text: '来春に独立予定。まだ社内には秘密。' });
  });
});

describe('search', () => {
  test('names, kana, romaji (tanaka → 田中), company, tags, width and kana folding', async () => {
    await addContact(tanaka);
    await addContact({ familyName: '佐藤', givenName: '健', familyNameKana: 'さとう', givenNameKana: 'けん', company: 'ひかりテック', title: '' });
    const first = async (query: string) => (await call('search', { query })).contacts.map((c) => c.familyName);
    expect(await first('tanaka')).toEqual(['田中']);
    expect(await first('Tanaka Hanako')).toEqual(['田中']);
    expect(await first('sato')).toEqual(['佐藤']);
    expect(await first('タナカ')).toEqual(['田中']);
    expect(await first('ﾀﾅｶ')).toEqual(['田中']);
    expect(await first('田中花子')).toEqual(['田中']);
    expect(await first('縁商事')).toEqual(['田中']);
    expect(await first('ヒカリ')).toEqual(['佐藤']);
    expect(await first('saas')).toEqual(['田中']);
    expect(await first('子ども')).toEqual(['田中']);
    expect(await first('転職')).toEqual(['田中']);
    expect((await call('search', { query: '転職' })).contacts[0]).toMatchObject({ matchedConfidential: true });
    expect(await first('nobody')).toEqual([]);
  });
});

describe('events', () => {
  test('people met at an event get an interaction each; leaving the list takes theirs away', async () => {
    const people = await Promise.all(['一', '二', '三', '四'].map((n) => addContact({ familyName: `参加者${n}`, givenName: '', familyNameKana: '', givenNameKana: '', company: '', title: '' })));
    const startsAt = Date.UTC(2026, 10, 20, 10);
    const { id } = await call('addEvent', { title: '異業種交流会 渋谷', kind: 'cross-industry', startsAt, place: '渋谷', attendeeIds: people.slice(0, 3), followUp: { text: 'お礼のメッセージを送る', dueAt: startsAt + 86_400_000 } });
    const detail = await call('getEvent', { id });
    expect(detail.attendees.map((a) => a.name)).toEqual(['参加者一', '参加者二', '参加者三']);
    const met = (await call('listTimeline', { eventId: id })).items.filter((r) => r.type === 'item');
    expect(met).toHaveLength(3);
    expect(met.every((r) => r.type === 'item' && r.kind === 'event' && r.summary === '異業種交流会 渋谷')).toBe(true);

    await call('updateEvent', { id, draft: { title: '異業種交流会 渋谷', kind: 'cross-industry', startsAt, attendeeIds: [people[0]!, people[1]!, people[3]!] } });
    const after = (await call('listTimeline', { eventId: id })).items.flatMap((r) => (r.type === 'item' ? r.contacts.map((c) => c.name) : []));
    expect(after.sort()).toEqual(['参加者一', '参加者二', '参加者四']);
    expect((await call('listEvents', {})).items).toEqual([expect.objectContaining({ id, title: '異業種交流会 渋谷', kind: 'cross-industry' })]);
  });
});

describe('duplicates', () => {
  test('same reading and company, or same email, are found; a merge keeps every interaction and note of both', async () => {
    const keep = await addContact(tanaka);
    const other = await addContact({ familyName: '田中', givenName: 'はなこ', familyNameKana: 'タナカ', givenNameKana: 'ハナコ', company: '縁商事株式会社', title: '', tags: ['名刺交換'], notes: [{ text: '名刺交換した' }] });
    const third = await addContact({ familyName: 'Hanako', givenName: 'Tanaka', familyNameKana: '', givenNameKana: '', company: 'Other', title: '', channels: [{ kind: 'email', value: 'Hanako@Enishi.example ' }] });
    await call('addInteraction', { contactIds: [other], occurredAt: NOW, kind: 'met', summary: 'first met' });
    const eventId = (await call('addEvent', { title: 'Meetup', startsAt: NOW, attendeeIds: [other] })).id;

    const pairs = await call('listDuplicates', {});
    const reasonsOf = (x: ContactId, y: ContactId) => pairs.find((p) => [p.a.id, p.b.id].sort().join() === [x, y].sort().join())?.reasons;
    expect(reasonsOf(keep, other)).toEqual(['reading-and-company']);
    expect(reasonsOf(keep, third)).toEqual(['email']);

    const preview = await call('previewMerge', { keep, other });
    expect(preview).toMatchObject({ interactionsMoved: 2, eventsMoved: 1 });
    expect(preview.merged.tags).toEqual(['SaaS', '勉強会', '名刺交換']);
    expect(preview.merged.notes.map((n) => (n.masked ? '' : n.text)).sort()).toEqual(['名刺交換した', '子どもが小学校に入学'].sort());

    await call('mergeContacts', { keep, other });
    const contacts = (await call('listContacts', {})).items;
    expect(contacts.map((c) => c.id).sort()).toEqual([keep, third].sort());
    expect(contacts.find((c) => c.id === keep)).toMatchObject({ interactionCount: 2 });
    expect((await call('getEvent', { id: eventId })).attendees).toEqual([{ id: keep, name: '田中 花子' }]);
    expect((await call('getContact', { id: keep })).notes).toHaveLength(2);

    await call('dismissDuplicate', { a: keep, b: third });
    expect(await call('listDuplicates', {})).toEqual([]);
  });
});

describe('goals', () => {
  const person = (familyName: string, extra: Partial<MethodInput<'addContact'>> = {}) => addContact({ familyName, givenName: '', familyNameKana: '', givenNameKana: '', company: '', title: '', ...extra });

  test('contacts linked to a goal or to one of its target profiles are listed under it, and counted per profile', async () => {
    const { id: goal } = await call('addGoal', { title: '独立してWebマーケで食べていく', why: '場所に縛られず働きたい', horizon: '2028-03-31', priority: 'high', profiles: [{ title: 'Webマーケ歴10年以上の先輩' }, { title: 'フリーランスのWebマーケター', description: '独立の実際を聞きたい' }] });
    const { id: other } = await call('addGoal', { title: '英語で登壇する' });
    const [veteran, freelancer] = (await call('listGoals', {})).find((g) => g.id === goal)!.profiles;

    const ids = {
      senior: await person('Ito', { goalLinks: [veteran!.id], stage: 'trusted' }),
      prospect: await person('Kato', { goalLinks: [veteran!.id], stage: 'target' }),
      direct: await person('Mori', { goalLinks: [goal, other] }),
      both: await person('Ueda', { goalLinks: [goal, veteran!.id] }),
      unlinked: await person('Sato'),
      archived: await person('Endo', { goalLinks: [freelancer!.id], archived: true }),
    };
    const names = async (goals: string[]) => (await call('listContacts', { goals })).items.map((c) => c.familyName).sort();
    expect(await names([goal])).toEqual(['Ito', 'Kato', 'Mori', 'Ueda']);
    expect(await names([other])).toEqual(['Mori']);

    const overview = (await call('listGoals', {})).find((g) => g.id === goal)!;
    expect(overview).toMatchObject({ title: '独立してWebマーケで食べていく', why: '場所に縛られず働きたい', horizon: '2028-03-31', status: 'active', priority: 'high' });
    // Ueda is linked to the goal and to a profile: one person for the goal.
    expect(overview.counts).toEqual({ contacts: 4, reached: 3 });
    expect(overview.profiles.map((p) => [p.title, p.description, p.counts])).toEqual([
      ['Webマーケ歴10年以上の先輩', '', { contacts: 3, reached: 2 }],
      ['フリーランスのWebマーケター', '独立の実際を聞きたい', { contacts: 0, reached: 0 }],
    ]);
    // Goals list active and high priority first.
    expect((await call('listGoals', {})).map((g) => g.id)).toEqual([goal, other]);

    // Linking closes the gap; the filter survives lock and unlock (the read model comes from its cache).
    await call('updateContact', { id: ids.unlinked, draft: { familyName: 'Sato', givenName: '', familyNameKana: '', givenNameKana: '', company: '', title: '', goalLinks: [freelancer!.id] } });
    await vault.lock();
    await call('unlockVault', { passphrase: 'kumo-no-ue-de-hirune-suru-neko' });
    expect(await names([goal])).toEqual(['Ito', 'Kato', 'Mori', 'Sato', 'Ueda']);
    expect((await call('listGoals', {})).find((g) => g.id === goal)!.profiles[1]!.counts).toEqual({ contacts: 1, reached: 1 });
    expect((await call('getContact', { id: ids.senior })).goalLinks).toEqual([veteran!.id]);
  });

  test('editing a goal keeps its profiles (and the people linked to them); removing a profile takes its people off the goal', async () => {
    const { id: goal } = await call('addGoal', { title: 'Goal', profiles: [{ title: 'A' }, { title: 'B' }] });
    const [a, b] = (await call('listGoals', {}))[0]!.profiles;
    await person('Linked to A', { goalLinks: [a!.id] });
    await person('Linked to B', { goalLinks: [b!.id] });

    await call('updateGoal', { id: goal, draft: { title: 'Goal, renamed', status: 'paused', profiles: [{ id: b!.id, title: 'B, renamed' }, { id: a!.id, title: 'A' }, { title: 'C' }] } });
    const edited = (await call('listGoals', {}))[0]!;
    expect(edited).toMatchObject({ title: 'Goal, renamed', status: 'paused', counts: { contacts: 2, reached: 2 } });
    expect(edited.profiles.map((p) => [p.id, p.title])).toEqual([
      [b!.id, 'B, renamed'],
      [a!.id, 'A'],
      [expect.stringMatching(/^p/), 'C'],
    ]);

    await call('updateGoal', { id: goal, draft: { title: 'Goal, renamed', profiles: [{ id: a!.id, title: 'A' }] } });
    expect((await call('listContacts', { goals: [goal] })).items.map((c) => c.familyName)).toEqual(['Linked to A']);
  });

  test('a deleted goal comes back with undo, with the same profiles and the same people', async () => {
    const { id: goal } = await call('addGoal', { title: 'Goal', profiles: [{ title: 'A' }] });
    const profile = (await call('listGoals', {}))[0]!.profiles[0]!;
    await person('Linked', { goalLinks: [profile.id] });
    const { undoToken } = await call('deleteGoal', { id: goal });
    expect(await call('listGoals', {})).toEqual([]);
    expect((await call('listContacts', { goals: [goal] })).total).toBe(0);
    await call('undo', { token: undoToken });
    const [restored] = await call('listGoals', {});
    expect(restored).toMatchObject({ id: goal, title: 'Goal', counts: { contacts: 1, reached: 1 }, profiles: [{ id: profile.id, title: 'A' }] });
  });

  test('merging two contacts keeps the goals of both; bad goal input is refused', async () => {
    const { id: goal } = await call('addGoal', { title: 'Goal', profiles: [{ title: 'A' }] });
    const profile = (await call('listGoals', {}))[0]!.profiles[0]!;
    const keep = await person('Same', { company: 'X', goalLinks: [goal] });
    const other = await person('Same', { company: 'X', goalLinks: [profile.id] });
    await call('mergeContacts', { keep, other });
    expect((await call('getContact', { id: keep })).goalLinks).toEqual([goal, profile.id]);

    const dispatch = createDispatcher(vaultHandlers(vault), { onInternalError: () => undefined });
    expect(await dispatch('addGoal', { title: '  ' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await dispatch('addContact', { familyName: 'X', givenName: '', familyNameKana: '', givenNameKana: '', company: '', title: '', goalLinks: ['not-a-goal'] })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await dispatch('updateGoal', { id: 'g0000000000000000', draft: { title: 'x' } })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});

describe('coach and reciprocity', () => {
  const person = (familyName: string, extra: Partial<MethodInput<'addContact'>> = {}) => addContact({ familyName, givenName: '', familyNameKana: '', givenNameKana: '', company: '', title: '', ...extra });
  const log = (contactId: ContactId, daysAgo: number, kind: MethodInput<'addInteraction'>['kind'], direction: MethodInput<'addInteraction'>['direction'], extra: Partial<MethodInput<'addInteraction'>> = {}) =>
    call('addInteraction', { contactIds: [contactId], occurredAt: now - daysAgo * DAY, kind, direction, summary: kind, ...extra });
  const reasonsOf = async (id: ContactId) => (await call('getCoach', {})).items.find((item) => item.contactId === id)?.reasons.map((r) => r.type) ?? [];

  test('the coach lists thanks owed, and a thank-you, a snooze or "not relevant" each take the item off', async () => {
    const helper = await person('Helper', { stage: 'trusted' });
    await log(helper, 1, 'referral', 'received', { weight: 3 });
    const coach = await call('getCoach', {});
    expect(coach.items.map((item) => [item.person.name, item.reasons.map((r) => r.type)])).toEqual([['Helper', ['thanks-owed']]]);

    await log(helper, 0, 'thanks', 'gave');
    expect(await reasonsOf(helper)).toEqual([]);

    const overdue = await person('Overdue', { cadenceDays: 30 });
    now += 31 * DAY;
    expect(await reasonsOf(overdue)).toEqual(['due']);
    await call('snoozeCoachItem', { contactId: overdue, days: 7 });
    expect(await reasonsOf(overdue)).toEqual([]);
    now += 8 * DAY;
    const [due] = (await call('getCoach', {})).items.find((item) => item.contactId === overdue)!.reasons;
    await call('dismissCoachReason', { key: due!.key });
    expect(await reasonsOf(overdue)).toEqual([]);
    // Logging an interaction restarts the timer: nothing is due until the next cycle.
    // The coach looks a week ahead.
    await log(overdue, 0, 'call', 'mutual');
    now += 22 * DAY;
    expect(await reasonsOf(overdue)).toEqual([]);
    now += DAY;
    expect(await reasonsOf(overdue)).toEqual(['due']);
  });

  test('follow-ups and goal gaps are reasons; completing the follow-up clears it', async () => {
    const { id: goal } = await call('addGoal', { title: 'Freelance', priority: 'high', profiles: [{ title: 'Freelance marketer' }] });
    const profile = (await call('listGoals', {}))[0]!.profiles[0]!;
    const target = await person('Target', { stage: 'target', goalLinks: [profile.id] });
    const colleague = await person('Colleague', { stage: 'acquainted' });
    const { id: interaction } = await log(colleague, 0, 'meeting', 'mutual', { followUp: { text: 'Send the slides', dueAt: now + 2 * DAY } });
    const coach = await call('getCoach', {});
    expect(coach.items.find((item) => item.contactId === target)?.reasons).toEqual([expect.objectContaining({ type: 'goal-gap', goalId: goal, profileId: profile.id })]);
    expect(coach.goalTitles[profile.id]).toBe('Freelance marketer');
    expect(await reasonsOf(colleague)).toEqual(['follow-up']);
    await call('completeFollowUp', { type: 'interaction', id: interaction });
    expect(await reasonsOf(colleague)).toEqual([]);
    // A follow-up on an old interaction (long before the weeks thanks look back on) is listed too, after a restart as well, until done.
    const { id: old } = await log(colleague, 200, 'call', 'mutual', { followUp: { text: 'Send the contract', dueAt: now + DAY } });
    expect(await reasonsOf(colleague)).toEqual(['follow-up']);
    await vault.lock();
    await call('unlockVault', { passphrase: 'kumo-no-ue-de-hirune-suru-neko' });
    expect(await reasonsOf(colleague)).toEqual(['follow-up']);
    await call('completeFollowUp', { type: 'interaction', id: old });
    expect(await reasonsOf(colleague)).toEqual([]);
    // Reaching out closes the gap; a high-priority goal halves the two weeks of "reached out": follow up within a week.
    expect(await call('setContactStage', { id: target, stage: 'reached-out' })).toMatchObject({ stage: 'reached-out', goalLinks: [profile.id] });
    expect(await reasonsOf(target)).toEqual([]);
    // A weekly rhythm shows half a week ahead.
    now += 4 * DAY;
    const [reason] = (await call('getCoach', {})).items.find((item) => item.contactId === target)!.reasons;
    expect(reason).toMatchObject({ type: 'due', cadenceDays: 7, boostedBy: goal });
  });

  test('reciprocity: who I take from and give to, thanks owed, over-asking, and ways to give without confidential text', async () => {
    const taker = await person('Giver of help', { understanding: { needs: { text: 'デザイナー紹介、採用の相談' }, interests: { text: '転職の噂', confidentiality: 'confidential' } } });
    const given = await person('Gets from me');
    for (const daysAgo of [40, 30, 20]) await log(taker, daysAgo, 'help', 'received', { weight: 2 });
    await log(given, 10, 'introduction', 'gave', { weight: 3 });
    await log(given, 5, 'meeting', 'mutual');

    const overview = await call('getReciprocity', {});
    expect(overview.totals).toMatchObject({ gave: 3, received: 6, mutual: 1, balance: -3, count: 5 });
    expect(overview.takeFrom.map((row) => [row.person.name, row.balance])).toEqual([['Giver of help', -6]]);
    expect(overview.giveTo.map((row) => [row.person.name, row.balance])).toEqual([['Gets from me', 3]]);
    expect(overview.overAsking.map((row) => [row.person.id, row.streak])).toEqual([[taker, 3]]);
    expect(overview.thanksOwed.map((row) => [row.person.name, row.owed.length])).toEqual([['Giver of help', 3]]);
    expect(overview.months.reduce((sum, m) => sum + m.received, 0)).toBe(6);
    // The totals follow an interaction added, changed and deleted, and come back the same from the cache after a restart.
    const totals = async () => (await call('getReciprocity', {})).totals;
    const { id: gift } = await call('addInteraction', { contactIds: [given], occurredAt: NOW - DAY, kind: 'gift', direction: 'gave', weight: 2, summary: 'book' });
    expect(await totals()).toMatchObject({ gave: 5, received: 6, count: 6 });
    await call('updateInteraction', { id: gift, draft: { ...(await call('getInteraction', { id: gift })), note: { text: '' }, direction: 'received', weight: 1 } });
    expect(await totals()).toMatchObject({ gave: 3, received: 7, count: 6 });
    await vault.lock();
    await call('unlockVault', { passphrase: 'kumo-no-ue-de-hirune-suru-neko' });
    expect(await totals()).toMatchObject({ gave: 3, received: 7, mutual: 1, balance: -4, count: 6 });
    await call('deleteInteraction', { id: gift });
    expect(await totals()).toMatchObject({ gave: 3, received: 6, mutual: 1, balance: -3, count: 5 });

    const insights = await call('getContactInsights', { id: taker });
    expect(insights.balance.balance).toBe(-6);
    expect(insights.overAsking).toMatchObject({ streak: 3 });
    expect(insights.keepInTouch).toMatchObject({ cadence: { days: 90, source: 'stage' }, dueAt: NOW - 20 * DAY + 90 * DAY, birthday: null });
    expect(insights.waysToGive).toEqual([
      { from: 'needs', topic: 'デザイナー紹介' },
      { from: 'needs', topic: '採用の相談' },
    ]);

    await log(taker, 0, 'information', 'gave');
    const after = await call('getReciprocity', {});
    expect(after.overAsking).toEqual([]);
  });

  test('the due list: contacts sorted by when they are next due, a linked high-priority goal bringing someone forward', async () => {
    const { id: goal } = await call('addGoal', { title: 'Goal', priority: 'high' });
    const monthly = await person('Monthly', { cadenceDays: 30 });
    const quarterly = await person('Quarterly', { stage: 'acquainted' });
    const boosted = await person('Boosted', { stage: 'acquainted', goalLinks: [goal] });
    await person('No rhythm', { stage: 'target' });
    for (const id of [monthly, quarterly, boosted]) await log(id, 40, 'meeting', 'mutual');
    const list = await call('listContacts', { sort: 'due' });
    expect(list.items.map((c) => [c.familyName, c.dueAt])).toEqual([
      ['Monthly', NOW - 10 * DAY],
      ['Boosted', NOW + 5 * DAY],
      ['Quarterly', NOW + 50 * DAY],
      ['No rhythm', null],
    ]);
    expect((await call('listContacts', { sort: 'reading' })).items[0]).not.toHaveProperty('dueAt');
  });

  test('notification settings are kept; a time that is not HH:MM is refused', async () => {
    expect(await call('getSettings', {})).toMatchObject({ notify: true, quietFrom: '21:00', quietUntil: '08:00' });
    await call('updateSettings', { notify: false, quietFrom: '22:30', quietUntil: '07:00' });
    await vault.lock();
    await call('unlockVault', { passphrase: 'kumo-no-ue-de-hirune-suru-neko' });
    expect(await call('getSettings', {})).toMatchObject({ notify: false, quietFrom: '22:30', quietUntil: '07:00' });
    const dispatch = createDispatcher(vaultHandlers(vault), { onInternalError: () => undefined });
    expect(await dispatch('updateSettings', { quietFrom: '25:00' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  test('bad coach input is refused', async () => {
    const dispatch = createDispatcher(vaultHandlers(vault), { onInternalError: () => undefined });
    expect(await dispatch('dismissCoachReason', { key: '<script>' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await dispatch('snoozeCoachItem', { contactId: 'c0', days: 7 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await dispatch('completeFollowUp', { type: 'interaction', id: 'i' + '0'.repeat(26) })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});

describe('self profile, sources and the goal map', () => {
  const person = (familyName: string, extra: Partial<MethodInput<'addContact'>> = {}) => addContact({ familyName, givenName: '', familyNameKana: '', givenNameKana: '', company: '', title: '', ...extra });

  test('the self profile is kept; sources are added, edited, deleted and restored; only web addresses are accepted', async () => {
    expect(await call('getSelfProfile', {})).toEqual({ strengths: '', interests: '', values: '', careerGoal: '' });
    await call('updateSelfProfile', { strengths: 'SEO', interests: '', values: '誠実さ', careerGoal: '3年以内に独立' });
    expect(await call('getSelfProfile', {})).toEqual({ strengths: 'SEO', interests: '', values: '誠実さ', careerGoal: '3年以内に独立' });

    const { id: goal } = await call('addGoal', { title: 'Goal', profiles: [{ title: 'A' }] });
    const { id } = await call('addSource', { title: 'Marketing newsletter', kind: 'newsletter', url: 'https://example.com/news', goalLinks: [goal] });
    await call('updateSource', { id, draft: { title: 'Marketing weekly', kind: 'newsletter', url: '', goalLinks: [goal] } });
    expect(await call('listSources', {})).toEqual([expect.objectContaining({ id, title: 'Marketing weekly', kind: 'newsletter', url: '', note: '', goalLinks: [goal] })]);
    const { undoToken } = await call('deleteSource', { id });
    expect(await call('listSources', {})).toEqual([]);
    await call('undo', { token: undoToken });
    expect((await call('listSources', {})).map((s) => [s.id, s.title])).toEqual([[id, 'Marketing weekly']]);

    const dispatch = createDispatcher(vaultHandlers(vault), { onInternalError: () => undefined });
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'not a url']) {
      expect(await dispatch('addSource', { title: 'x', url })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
  });

  test('an edited event keeps its goal links; the map shows people, events and sources under goals and profiles, with gaps and quiet goals', async () => {
    const { id: goal } = await call('addGoal', { title: 'Freelance', priority: 'high', profiles: [{ title: 'Veteran' }, { title: 'Freelancer' }] });
    const { id: quietGoal } = await call('addGoal', { title: 'Write a book' });
    const [veteran, freelancer] = (await call('listGoals', {})).find((g) => g.id === goal)!.profiles;
    const senior = await person('Senior', { stage: 'trusted', goalLinks: [veteran!.id] });
    await person('Target', { stage: 'target', goalLinks: [freelancer!.id, goal] });
    await call('addInteraction', { contactIds: [senior], occurredAt: NOW - 3 * DAY, kind: 'meeting', direction: 'mutual', summary: 'lunch' });
    const { id: event } = await call('addEvent', { title: 'Marketing meetup', startsAt: NOW - 10 * DAY, goalLinks: [freelancer!.id] });
    await call('updateEvent', { id: event, draft: { title: 'Marketing meetup #2', startsAt: NOW - 10 * DAY, goalLinks: [freelancer!.id] } });
    expect((await call('getEvent', { id: event })).goalLinks).toEqual([freelancer!.id]);
    await call('addSource', { title: 'Freelance blog', kind: 'blog', goalLinks: [freelancer!.id] });

    const map = await call('getGoalMap', {});
    const freelance = map.goals.find((g) => g.id === goal)!;
    expect(freelance).toMatchObject({ counts: { contacts: 2, reached: 1 }, lastActivityAt: NOW - 3 * DAY, quiet: false });
    expect(freelance.contacts.map((c) => c.name)).toEqual(['Target']);
    const [v, f] = freelance.profiles;
    expect(v).toMatchObject({ gap: false, counts: { contacts: 1, reached: 1 } });
    expect(v!.contacts).toEqual([expect.objectContaining({ id: senior, name: 'Senior', stage: 'trusted', lastInteractionAt: NOW - 3 * DAY })]);
    expect(f).toMatchObject({ gap: true, counts: { contacts: 1, reached: 0 } });
    expect(f!.events.map((e) => e.title)).toEqual(['Marketing meetup #2']);
    expect(f!.sources.map((s) => s.title)).toEqual(['Freelance blog']);
    expect(map.goals.find((g) => g.id === quietGoal)).toMatchObject({ quiet: true, lastActivityAt: null });
  });
});

describe('introductions', () => {
  const person = (familyName: string, extra: Partial<MethodInput<'addContact'>> = {}) => addContact({ familyName, givenName: '', familyNameKana: '', givenNameKana: '', company: '', title: '', ...extra });

  test('each person is described to the other with only what they may hear; the reasons come from that alone', async () => {
    const yamamoto = await person('山本', { company: 'ひかりテック', title: '部長', understanding: { strengths: { text: 'SEO、採用広報' }, needs: { text: '転職を考えている', confidentiality: 'confidential' }, interests: { text: '子育て', confidentiality: 'private' } } });
    const suzuki = await person('鈴木', { understanding: { needs: { text: 'SEOの相談' }, strengths: { text: 'エンジニア採用' } } });
    const introduction = await call('getIntroduction', { a: yamamoto, b: suzuki });
    expect(introduction.a).toEqual({ id: yamamoto, name: '山本', company: 'ひかりテック', title: '部長', strengths: ['SEO', '採用広報'], interests: [], needs: [], withheld: 2 });
    expect(JSON.stringify(introduction)).not.toContain('転職');
    expect(JSON.stringify(introduction)).not.toContain('子育て');
    expect(introduction.reasons.aHelpsB).toEqual([{ offer: 'SEO', need: 'SEOの相談' }]);

    const dispatch = createDispatcher(vaultHandlers(vault), { onInternalError: () => undefined });
    expect(await dispatch('getIntroduction', { a: yamamoto, b: yamamoto })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});
