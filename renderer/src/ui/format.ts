import { useState } from 'react';
import { useTranslation } from 'react-i18next';

const DAY = 86_400_000;

/** "3日前" / "3 days ago", through Intl in the UI language. */
export function useRelativeTime(): (at: number) => string {
  const { i18n } = useTranslation();
  const format = new Intl.RelativeTimeFormat(i18n.language, { numeric: 'auto' });
  return (at) => {
    const days = Math.round((at - Date.now()) / DAY);
    if (Math.abs(days) < 1) return format.format(0, 'day');
    if (Math.abs(days) < 30) return format.format(days, 'day');
    if (Math.abs(days) < 365) return format.format(Math.round(days / 30), 'month');
    return format.format(Math.round(days / 365), 'year');
  };
}

/** "2分前" / "2 minutes ago" for recent moments (a sync), days beyond one day. */
export function useRecentTime(): (at: number) => string {
  const { i18n } = useTranslation();
  const days = useRelativeTime();
  const format = new Intl.RelativeTimeFormat(i18n.language, { numeric: 'auto' });
  return (at) => {
    const minutes = Math.round((at - Date.now()) / 60_000);
    if (Math.abs(minutes) < 1) return format.format(0, 'second');
    if (Math.abs(minutes) < 60) return format.format(minutes, 'minute');
    if (Math.abs(minutes) < 24 * 60) return format.format(Math.round(minutes / 60), 'hour');
    return days(at);
  };
}

export function useDateFormat(): { date: (at: number) => string; dateTime: (at: number) => string; month: (at: number) => string } {
  const { i18n } = useTranslation();
  const date = new Intl.DateTimeFormat(i18n.language, { year: 'numeric', month: 'short', day: 'numeric', weekday: 'short' });
  const dateTime = new Intl.DateTimeFormat(i18n.language, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const month = new Intl.DateTimeFormat(i18n.language, { year: 'numeric', month: 'long' });
  return { date: (at) => date.format(at), dateTime: (at) => dateTime.format(at), month: (at) => month.format(at) };
}

/** A date input's value (local YYYY-MM-DD) for a time, and back. */
export function toDateInput(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function toDateTimeInput(at: number): string {
  const d = new Date(at);
  return `${toDateInput(at)}T${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export function fromDateInput(value: string): number {
  const [y, m, d] = value.split('-').map(Number);
  return new Date(y!, (m ?? 1) - 1, d ?? 1, 12).getTime();
}

export function fromDateTimeInput(value: string): number {
  return new Date(value).getTime();
}

/** The time the view first rendered: stable across re-renders (what "overdue" is judged against). */
export function useNow(): number {
  const [now] = useState(() => Date.now());
  return now;
}
