/**
 * Locks the vault after the system has been idle for the chosen number of minutes. The idle-time
 * source is injected (Electron's powerMonitor in the app), so the rule is tested without Electron.
 */
export interface AutoLockOptions {
  /** Seconds since the user last touched keyboard or mouse, system-wide. */
  readonly idleSeconds: () => number;
  /** The current setting, in minutes; 0 means never. Undefined while locked. */
  readonly minutes: () => Promise<number | undefined>;
  readonly lock: () => Promise<unknown>;
  readonly intervalMs?: number;
}

export class AutoLock {
  private readonly options: AutoLockOptions;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: AutoLockOptions) {
    this.options = options;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.check(), this.options.intervalMs ?? 15_000);
    this.timer.unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Locks if the idle time has reached the setting; returns whether it locked. */
  async check(): Promise<boolean> {
    const minutes = await this.options.minutes();
    if (!minutes) return false;
    if (this.options.idleSeconds() < minutes * 60) return false;
    await this.options.lock();
    return true;
  }
}
