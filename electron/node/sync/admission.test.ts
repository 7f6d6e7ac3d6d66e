import { describe, expect, test } from 'vitest';
import { Admission } from './admission.ts';

describe('who may hold a connection to the sync listener', () => {
  test('strangers get a few slots per address and a bounded number in all; proven devices have slots of their own', () => {
    const admission = new Admission({ limits: { perAddress: 2, unauthenticated: 3, authenticated: 1 } });
    const a = [admission.admit('10.0.0.1'), admission.admit('10.0.0.1')];
    expect(a.every(Boolean)).toBe(true);
    expect(admission.admit('10.0.0.1')).toBeUndefined(); // the address's slots are taken
    const b = admission.admit('10.0.0.2')!;
    expect(admission.admit('10.0.0.3')).toBeUndefined(); // all stranger slots are taken
    expect(b.proven()).toBe(true); // b proves itself: its stranger slot is free again
    const c = admission.admit('10.0.0.3')!;
    expect(c.proven()).toBe(false); // the one proven slot is b's
    c.done(false);
    b.done(false);
    expect(admission.admit('10.0.0.3')).toBeDefined();
    expect(admission.turnedAway).toBe(2);
  });

  test('an address whose handshakes keep failing waits longer each time; a success clears it; a proven connection that fails later does not count', () => {
    let now = 0;
    const admission = new Admission({ limits: { freeFailures: 2, backOffMs: 100, maxBackOffMs: 350 }, clock: () => now });
    const fail = () => admission.admit('10.0.0.9')!.done(true);
    fail();
    fail();
    expect(admission.admit('10.0.0.9')).toBeDefined(); // two failures are free
    admission.admit('10.0.0.9')!.done(true);
    expect(admission.admit('10.0.0.9')).toBeUndefined();
    now += 100;
    fail(); // the fourth: 200 ms
    now += 199;
    expect(admission.admit('10.0.0.9')).toBeUndefined();
    now += 1;
    fail(); // the fifth: 400 ms, capped at 350
    now += 350;
    const proven = admission.admit('10.0.0.9')!;
    expect(proven.proven()).toBe(true);
    proven.done(true);
    expect(admission.admit('10.0.0.9')).toBeDefined();
    admission.admit('10.0.0.9')!.done(false);
    fail();
    expect(admission.admit('10.0.0.9')).toBeDefined(); // cleared by the success
  });

  test('it remembers a bounded number of addresses', () => {
    let now = 0;
    const admission = new Admission({ limits: { addresses: 10, freeFailures: 0, backOffMs: 1_000 }, clock: () => now });
    admission.admit('10.0.0.1')!.done(true);
    expect(admission.admit('10.0.0.1')).toBeUndefined();
    for (let i = 2; i < 30; i++) admission.admit(`10.0.0.${i}`)?.done(false);
    now += 1;
    expect(admission.admit('10.0.0.1')).toBeDefined(); // forgotten, as the oldest
  });
});
