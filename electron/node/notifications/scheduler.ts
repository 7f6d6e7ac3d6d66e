/**
 * Desktop notifications for what is due: checks the coach's list now and then while the vault is
 * open, announces each reason at most once a day, waits out quiet hours, and folds a crowd into one
 * notice. Time, timers, the list and the way a notice is shown are all injected, so the rules run
 * under a fake clock in tests and under Electron's Notification in the app.
 */
import { inQuietHours, noticesFor, summaryNotice, type DueItem, type Notice, type NoticeLanguage } from '../../../shared/insights/notifications.ts';

export interface NotificationSettings {
  readonly notify: boolean;
  readonly quietFrom: string;
  readonly quietUntil: string;
}

export interface Timers {
  readonly setInterval: (run: () => void, ms: number) => unknown;
  readonly clearInterval: (handle: unknown) => void;
}

export interface SchedulerOptions {
  readonly clock: () => number;
  readonly timers?: Timers;
  readonly intervalMs?: number;
  /** The settings, or undefined while the vault is locked (nothing is known, nothing is shown). */
  readonly settings: () => Promise<NotificationSettings | undefined>;
  readonly due: () => Promise<readonly DueItem[]>;
  readonly language: () => NoticeLanguage;
  readonly show: (notice: Notice) => void;
}

/** More than this many at once become one summary. */
export const MAX_SEPARATE_NOTICES = 3;
const DEFAULT_INTERVAL_MS = 15 * 60_000;

function localDay(at: number): string {
  const date = new Date(at);
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
}

const REAL_TIMERS: Timers = {
  setInterval: (run, ms) => setInterval(run, ms).unref(),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

export class NotificationScheduler {
  private readonly options: SchedulerOptions;
  private readonly timers: Timers;
  private handle: unknown;
  /** Reason keys already announced, and the day they were. */
  private readonly announced = new Map<string, string>();
  private running: Promise<Notice[]> | undefined;

  constructor(options: SchedulerOptions) {
    this.options = options;
    this.timers = options.timers ?? REAL_TIMERS;
  }

  start(): void {
    if (this.handle !== undefined) return;
    this.handle = this.timers.setInterval(() => void this.tick(), this.options.intervalMs ?? DEFAULT_INTERVAL_MS);
  }

  stop(): void {
    if (this.handle === undefined) return;
    this.timers.clearInterval(this.handle);
    this.handle = undefined;
  }

  /** Forget what was announced (a lock ends the session: a new unlock may remind again). */
  reset(): void {
    this.announced.clear();
  }

  /** One check; returns what it showed. Overlapping calls share one check. */
  tick(): Promise<Notice[]> {
    this.running ??= this.check().finally(() => (this.running = undefined));
    return this.running;
  }

  private async check(): Promise<Notice[]> {
    const settings = await this.options.settings();
    if (!settings?.notify) return [];
    const now = this.options.clock();
    if (inQuietHours(now, settings.quietFrom, settings.quietUntil)) return [];
    const today = localDay(now);
    for (const [key, day] of this.announced) if (day !== today) this.announced.delete(key);
    const language = this.options.language();
    const fresh = noticesFor(await this.options.due(), now, language).filter((notice) => !this.announced.has(notice.key));
    if (fresh.length === 0) return [];
    for (const notice of fresh) this.announced.set(notice.key, today);
    const shown = fresh.length > MAX_SEPARATE_NOTICES ? [summaryNotice(fresh, language)] : fresh;
    for (const notice of shown) this.options.show(notice);
    return shown;
  }
}
