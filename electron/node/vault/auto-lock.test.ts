import { describe, expect, test, vi } from 'vitest';
import { AutoLock } from './auto-lock.ts';

function setup(idle: number, minutes: number | undefined) {
  const lock = vi.fn(() => Promise.resolve());
  const autoLock = new AutoLock({ idleSeconds: () => idle, minutes: () => Promise.resolve(minutes), lock });
  return { autoLock, lock };
}

describe('auto-lock', () => {
  test('locks once the system has been idle for the chosen minutes', async () => {
    const { autoLock, lock } = setup(15 * 60, 15);
    expect(await autoLock.check()).toBe(true);
    expect(lock).toHaveBeenCalledOnce();
  });

  test('waits while the user is active', async () => {
    const { autoLock, lock } = setup(15 * 60 - 1, 15);
    expect(await autoLock.check()).toBe(false);
    expect(lock).not.toHaveBeenCalled();
  });

  test('never locks when set to never, or when already locked', async () => {
    expect(await setup(10_000, 0).autoLock.check()).toBe(false);
    expect(await setup(10_000, undefined).autoLock.check()).toBe(false);
  });

  test('checks on its own on an interval', async () => {
    vi.useFakeTimers();
    try {
      const lock = vi.fn(() => Promise.resolve());
      const autoLock = new AutoLock({ idleSeconds: () => 120, minutes: () => Promise.resolve(1), lock, intervalMs: 1000 });
      autoLock.start();
      await vi.advanceTimersByTimeAsync(1000);
      expect(lock).toHaveBeenCalledOnce();
      autoLock.stop();
      await vi.advanceTimersByTimeAsync(5000);
      expect(lock).toHaveBeenCalledOnce();
    } finally {
      vi.useRealTimers();
    }
  });
});
