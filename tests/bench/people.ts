/**
 * Deterministic, realistic data for benchmarks and manual testing: Japanese and Western names
 * with readings, companies, titles, and interaction notes of everyday length.
 */
import type { ContactDraftInput } from '../../shared/domain/contact.ts';
import { newGoalId, type ContactId, type GoalId } from '../../shared/domain/ids.ts';
import type { InteractionDraftInput } from '../../shared/domain/interaction.ts';

/** mulberry32: tiny, fast, good enough for test data; same seed, same vault. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const JA_FAMILY = [
  ['佐藤', 'さとう'], ['鈴木', 'すずき'], ['高橋', 'たかはし'], ['田中', 'たなか'], ['伊藤', 'いとう'], ['渡辺', 'わたなべ'],
  ['山本', 'やまもと'], ['中村', 'なかむら'], ['小林', 'こばやし'], ['加藤', 'かとう'], ['吉田', 'よしだ'], ['山田', 'やまだ'],
  ['佐々木', 'ささき'], ['山口', 'やまぐち'], ['松本', 'まつもと'], ['井上', 'いのうえ'], ['木村', 'きむら'], ['林', 'はやし'],
  ['斎藤', 'さいとう'], ['清水', 'しみず'], ['山崎', 'やまざき'], ['森', 'もり'], ['池田', 'いけだ'], ['橋本', 'はしもと'],
  ['阿部', 'あべ'], ['石川', 'いしかわ'], ['前田', 'まえだ'], ['藤田', 'ふじた'], ['小川', 'おがわ'], ['岡田', 'おかだ'],
  ['長谷川', 'はせがわ'], ['村上', 'むらかみ'], ['近藤', 'こんどう'], ['石井', 'いしい'], ['坂本', 'さかもと'], ['遠藤', 'えんどう'],
] as const;
const JA_GIVEN = [
  ['翔太', 'しょうた'], ['大輔', 'だいすけ'], ['健', 'けん'], ['拓也', 'たくや'], ['直樹', 'なおき'], ['誠', 'まこと'],
  ['陽子', 'ようこ'], ['美咲', 'みさき'], ['花子', 'はなこ'], ['由美', 'ゆみ'], ['恵', 'めぐみ'], ['彩', 'あや'],
  ['健太', 'けんた'], ['亮', 'りょう'], ['優子', 'ゆうこ'], ['真由美', 'まゆみ'], ['和也', 'かずや'], ['悠斗', 'ゆうと'],
  ['さくら', 'さくら'], ['結衣', 'ゆい'], ['蓮', 'れん'], ['葵', 'あおい'], ['大和', 'やまと'], ['千尋', 'ちひろ'],
] as const;
const EN_FAMILY = ['Smith', 'Johnson', 'Williams', 'Brown', 'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Garcia', 'Martin', 'Dubois', 'Rossi', 'Nowak', 'Kowalski', 'Jensen', 'Nguyen', 'Kim', 'Park', 'Chen', 'Singh', 'Cohen', 'Silva', 'Andersson'] as const;
const EN_GIVEN = ['Anna', 'James', 'Maria', 'Lukas', 'Sophie', 'David', 'Emma', 'Jonas', 'Laura', 'Michael', 'Sarah', 'Felix', 'Olivia', 'Noah', 'Hannah', 'Daniel', 'Lea', 'Paul', 'Mia', 'Thomas'] as const;
const COMPANIES = [
  '縁商事株式会社', '株式会社ひかりテック', '東京デザイン事務所', '株式会社みらいマーケティング', '日本橋コンサルティング', 'さくらソフトウェア株式会社',
  '大阪ロジスティクス', '株式会社青空メディア', 'フリーランス', '横浜エンジニアリング', '株式会社ことば出版', '京都バイオラボ',
  'Berliner Beratung GmbH', 'Northwind Labs', 'Acme Analytics', 'Blue Harbor Ventures', 'Kettle & Co.', 'Lindqvist Design AB',
] as const;
const TITLES = ['営業部長', 'マーケティングマネージャー', 'エンジニア', 'デザイナー', '代表取締役', '人事部 採用担当', 'プロダクトマネージャー', 'コンサルタント', '編集者', '研究員', 'CEO', 'Head of Growth', 'Software Engineer', 'Recruiter', 'Product Designer', 'Partner'] as const;

const KINDS = ['met', 'meeting', 'call', 'message', 'comment', 'event', 'introduction', 'information', 'help', 'gift', 'thanks', 'referral'] as const;
const DIRECTIONS = ['gave', 'received', 'mutual'] as const;
const SUMMARIES_JA = ['近況報告のランチ', '勉強会で再会', '転職の相談に乗った', '新サービスの紹介を受けた', '誕生日メッセージ', 'イベントのお礼', 'ブログ記事にコメント', '採用候補者を紹介'];
const SUMMARIES_EN = ['Coffee catch-up', 'Met again at the meetup', 'Advice on a job change', 'Introduced me to a new tool', 'Birthday message', 'Thanks after the event', 'Commented on their post', 'Referred a candidate'];
const NOTE_FRAGMENTS = [
  '最近はWebマーケティングの新しいツールを試しているとのこと。',
  '来月から新しいプロジェクトに異動予定。',
  'お子さんが小学校に入学したそうだ。',
  '業界の勉強会を主催していて、次回は登壇を誘われた。',
  '前回紹介したデザイナーと一緒に仕事を始めたらしい。',
  'Looking for a senior frontend engineer for their Berlin team.',
  'Prefers short messages; mornings work best for calls.',
  'Interested in local-first software and privacy by design.',
  '情報源としてニュースレターを薦めてもらった。',
  '感謝の気持ちを伝えたら、とても喜んでくれた。',
  'Asked me to review their conference talk draft next week.',
  '独立を考えていて、フリーランスの先輩を探している。',
];

const TAGS = ['勉強会', 'SaaS', '採用', '同窓', 'Berlin', 'デザイン', '投資', 'AI', 'マーケティング', '地域', 'OSS', '登壇'] as const;
const STAGES = ['target', 'reached-out', 'acquainted', 'acquainted', 'acquainted', 'trusted', 'trusted', 'partner'] as const;
const ROLES = ['mentor', 'collaborator', 'client', 'recruiter', 'colleague', 'investor', 'friend'] as const;
const CADENCES = [0, 0, 30, 60, 90, 180] as const;

/**
 * Goals the generated people are linked to (about three in ten people). Only the ids: what a goal
 * filter costs is the pass over the contacts, whatever the goals say.
 */
export const BENCH_GOAL_IDS: readonly GoalId[] = [1, 2, 3, 4, 5].map((n) => newGoalId(new Uint8Array(10).fill(n)));

export interface GeneratedVault {
  readonly contacts: ContactDraftInput[];
  readonly interactions: (ids: readonly ContactId[]) => Generator<InteractionDraftInput>;
}

export const SCALES = {
  heavy: { contacts: 10_000, interactions: 100_000 },
  medium: { contacts: 1_000, interactions: 10_000 },
  small: { contacts: 100, interactions: 1_000 },
} as const;
export type Scale = keyof typeof SCALES;

export function generateVault(scale: Scale, seed = 2026, now = Date.UTC(2026, 10, 1)): GeneratedVault {
  const random = seededRandom(seed);
  const { contacts: contactCount, interactions: interactionCount } = SCALES[scale];
  const contacts: ContactDraftInput[] = [];
  for (let i = 0; i < contactCount; i++) {
    const japanese = random() < 0.7;
    const [familyName, familyNameKana] = japanese ? pick(random, JA_FAMILY) : [pick(random, EN_FAMILY), ''];
    const [givenName, givenNameKana] = japanese ? pick(random, JA_GIVEN) : [pick(random, EN_GIVEN), ''];
    const tags = [...new Set(Array.from({ length: Math.floor(random() * 3) }, () => pick(random, TAGS)))];
    const roles = random() < 0.4 ? [pick(random, ROLES)] : [];
    const email = `${givenName}.${familyName}${i}@example.com`.toLowerCase();
    contacts.push({
      familyName,
      givenName,
      familyNameKana,
      givenNameKana,
      company: pick(random, COMPANIES),
      title: pick(random, TITLES),
      stage: pick(random, STAGES),
      closeness: 1 + Math.floor(random() * 5),
      roles,
      tags,
      cadenceDays: pick(random, CADENCES),
      channels: random() < 0.6 ? [{ kind: 'email', value: email }] : [],
      goalLinks: random() < 0.3 ? [pick(random, BENCH_GOAL_IDS)] : [],
    });
  }
  // Ten years of steady networking: about 830 interactions a month at the heavy scale.
  const TEN_YEARS = 10 * 365 * 24 * 3600 * 1000;
  return {
    contacts,
    *interactions(ids) {
      for (let i = 0; i < interactionCount; i++) {
        const people = random() < 0.9 ? [pick(random, ids)] : [pick(random, ids), pick(random, ids)];
        const japanese = random() < 0.7;
        const noteLength = 1 + Math.floor(random() * 4);
        const notes = Array.from({ length: noteLength }, () => pick(random, NOTE_FRAGMENTS)).join(' ');
        yield {
          contactIds: [...new Set(people)],
          occurredAt: Math.floor(now - random() * TEN_YEARS),
          kind: pick(random, KINDS),
          direction: pick(random, DIRECTIONS),
          summary: japanese ? pick(random, SUMMARIES_JA) : pick(random, SUMMARIES_EN),
          weight: (1 + Math.floor(random() * random() * 3)) as 1 | 2 | 3,
          // One note in ten was told in confidence.
          note: { text: notes, confidentiality: random() < 0.1 ? ('confidential' as const) : ('normal' as const) },
        };
      }
    },
  };
}
