/**
 * What a desktop notification may say about the coach's list: a name and the kind of reason — never
 * a note, a follow-up's text or an event's title (a notification shows on a locked screen and in
 * screen shares) — and when it may say it: once a day per reason, outside quiet hours.
 */
import type { CoachReason } from './coach.ts';

export type NoticeLanguage = 'ja' | 'en';

export interface Notice {
  /** The coach reason it comes from; a reason is announced at most once a day. */
  readonly key: string;
  readonly title: string;
  readonly body: string;
}

/** The coach's items as the scheduler receives them: who, and why. */
export interface DueItem {
  readonly name: string;
  readonly reasons: readonly CoachReason[];
}

const TEXT = {
  ja: {
    title: '縁 Enishi',
    'thanks-owed': (name: string) => `${name}さんにお礼を伝えましょう`,
    'follow-up': (name: string) => `${name}さんへのフォローアップの期限です`,
    'event-follow-up': (name: string) => `${name}さんへのイベント後のフォローアップの期限です`,
    birthday: (name: string) => `今日は${name}さんの誕生日です`,
    due: (name: string) => `${name}さんに連絡する頃です`,
    summary: (count: number) => `今週のアクション: ${count}人に連絡する時期です`,
  },
  en: {
    title: 'Enishi',
    'thanks-owed': (name: string) => `Say thanks to ${name}`,
    'follow-up': (name: string) => `A follow-up with ${name} is due`,
    'event-follow-up': (name: string) => `An event follow-up with ${name} is due`,
    birthday: (name: string) => `It is ${name}’s birthday today`,
    due: (name: string) => `Time to get in touch with ${name}`,
    summary: (count: number) => `This week: ${count} people to get in touch with`,
  },
} as const;

/** Reasons worth interrupting for: due now, not merely this week. A goal gap never interrupts. */
export function isDueNow(reason: CoachReason, now: number): boolean {
  switch (reason.type) {
    case 'thanks-owed':
      return true;
    case 'follow-up':
    case 'event-follow-up':
      return reason.dueAt <= now;
    case 'birthday':
      return reason.inDays === 0;
    case 'due':
      return reason.inDays <= 0;
    case 'goal-gap':
      return false;
  }
}

/** One notice per person (their most pressing reason due now), in the coach's order. */
export function noticesFor(items: readonly DueItem[], now: number, language: NoticeLanguage): Notice[] {
  const text = TEXT[language];
  const notices: Notice[] = [];
  for (const item of items) {
    const reason = item.reasons.find((candidate) => isDueNow(candidate, now));
    if (!reason || reason.type === 'goal-gap') continue;
    notices.push({ key: reason.key, title: text.title, body: text[reason.type](item.name) });
  }
  return notices;
}

/** Several at once become one notice that counts them. */
export function summaryNotice(notices: readonly Notice[], language: NoticeLanguage): Notice {
  return { key: `summary:${notices.map((notice) => notice.key).join(',')}`, title: TEXT[language].title, body: TEXT[language].summary(notices.length) };
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Whether local time `now` falls in the quiet hours from `from` to `until` (HH:MM; may span midnight). */
export function inQuietHours(now: number, from: string, until: string): boolean {
  const start = minutesOf(from);
  const end = minutesOf(until);
  if (start === end) return false;
  const date = new Date(now);
  const minute = date.getHours() * 60 + date.getMinutes();
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}
