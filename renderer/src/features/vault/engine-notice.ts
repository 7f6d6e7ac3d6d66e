/**
 * Why the window is back at the lock screen, carried across the reload that a lock makes (nothing
 * of the vault, only which of two notices to show, in this window's session storage).
 */
const KEY = 'enishi.engineStopped';

export type EngineNotice = 'restarted' | 'failed';

export function rememberEngineStopped(restarted: boolean): void {
  window.sessionStorage.setItem(KEY, restarted ? 'restarted' : 'failed');
}

export function engineNotice(): EngineNotice | undefined {
  const value = window.sessionStorage.getItem(KEY);
  return value === 'restarted' || value === 'failed' ? value : undefined;
}

/** Shown once: the lock screen forgets it after showing it. */
export function forgetEngineNotice(): void {
  window.sessionStorage.removeItem(KEY);
}
