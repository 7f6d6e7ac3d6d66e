/** The sync handshake and channel: who gets keys, who gets nothing, and that tampering always fails. */
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadSodium, type Sodium } from '../crypto/sodium.ts';
import { bytesEqual, utf8 } from '../vault-format/bytes.ts';
import { ChannelError, receiver, sender } from './channel.ts';
import { finishInitiator, finishResponder, HandshakeError, initiate, PROTOCOL_VERSION, respond, type HandshakeFailure, type PairingWindow } from './handshake.ts';
import { comparisonCode, decodePairingCode, encodePairingCode, keyFingerprint, PAIRING_MAX_WRONG_GUESSES, PairingCodeWindow, pairingLink } from './pairing.ts';
import { deviceCode, isValidDeviceCode, newDeviceIdentity, type DeviceIdentity } from './identity.ts';

let sodium: Sodium;
let laptop: DeviceIdentity;
let desktop: DeviceIdentity;
let stranger: DeviceIdentity;

beforeAll(async () => {
  sodium = await loadSodium();
  laptop = newDeviceIdentity(sodium);
  desktop = newDeviceIdentity(sodium);
  stranger = newDeviceIdentity(sodium);
});

const pinnedTo = (...devices: DeviceIdentity[]) => (key: Uint8Array) => devices.some((device) => bytesEqual(device.signPublicKey, key));

function refusal(run: () => unknown): HandshakeFailure | 'accepted' {
  try {
    run();
    return 'accepted';
  } catch (error) {
    if (error instanceof HandshakeError) return error.reason;
    throw error;
  }
}

/** A whole sync handshake between two devices that have each pinned the other. */
function syncHandshake(initiator = laptop, responder = desktop, responderPins = pinnedTo(laptop), initiatorPins = pinnedTo(desktop)) {
  const started = initiate(sodium, { mode: 'sync', identity: initiator, peer: responder.signPublicKey });
  const answer = respond(sodium, started.message, { identity: responder, isPinned: responderPins });
  const finished = finishInitiator(sodium, started.state, answer.message, { identity: initiator, isPinned: initiatorPins });
  const keys = finishResponder(sodium, answer.state, finished.message, { identity: responder, isPinned: responderPins });
  return { initiator: finished.keys, responder: keys, messages: [started.message, answer.message, finished.message] as const, answerState: answer.state };
}

/** Whether `needle` occurs anywhere in `haystack`. */
const contains = (haystack: Uint8Array, needle: Uint8Array) => Buffer.from(haystack).includes(Buffer.from(needle));

function pairingWindow(secret: Uint8Array | undefined): PairingWindow & { used: boolean } {
  const window = {
    used: false,
    secret: () => (window.used ? undefined : secret),
    consume: () => {
      window.used = true;
    },
    wrongGuess: () => undefined,
  };
  return window;
}

describe('device identity', () => {
  test('the device code is 100 bits in 20 checked characters; any single changed character is caught', () => {
    const code = deviceCode(sodium, laptop.signPublicKey);
    expect(code).toMatch(/^([0-9A-Z]{4}-){5}[0-9A-Z*~$=]$/);
    expect(isValidDeviceCode(code)).toBe(true);
    expect(isValidDeviceCode(code.toLowerCase().replace(/-/g, ''))).toBe(true);
    expect(deviceCode(sodium, laptop.signPublicKey)).toBe(code);
    expect(deviceCode(sodium, desktop.signPublicKey)).not.toBe(code);
    const digits = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    const plain = code.replace(/-/g, '');
    for (let at = 0; at < 20; at++) {
      for (const other of digits) {
        if (other === plain[at]) continue;
        expect(isValidDeviceCode(plain.slice(0, at) + other + plain.slice(at + 1)), `${at}:${other}`).toBe(false);
      }
    }
  });
});

describe('the sync handshake', () => {
  test('two paired devices agree on one key per direction, bound to this session', () => {
    const first = syncHandshake();
    expect(bytesEqual(first.initiator.send, first.responder.receive)).toBe(true);
    expect(bytesEqual(first.initiator.receive, first.responder.send)).toBe(true);
    expect(bytesEqual(first.initiator.send, first.initiator.receive)).toBe(false);
    expect(bytesEqual(first.initiator.peer, desktop.signPublicKey)).toBe(true);
    expect(bytesEqual(first.responder.peer, laptop.signPublicKey)).toBe(true);
    const second = syncHandshake();
    expect(bytesEqual(first.initiator.send, second.initiator.send)).toBe(false);
  });

  test('an unpaired or revoked device gets nothing, and the responder answers it nothing', () => {
    expect(refusal(() => syncHandshake(stranger))).toBe('unknown-device');
    // Revoked: no longer among the pinned devices.
    expect(refusal(() => syncHandshake(laptop, desktop, pinnedTo()))).toBe('unknown-device');
    // The initiator no longer pins the device it called (revoked meanwhile): it sends no M3.
    expect(refusal(() => syncHandshake(laptop, desktop, pinnedTo(laptop), pinnedTo()))).toBe('unknown-device');
  });

  test('only the device called can answer: another one at its address cannot even read M1', () => {
    const started = initiate(sodium, { mode: 'sync', identity: laptop, peer: desktop.signPublicKey });
    const impostor = newDeviceIdentity(sodium);
    expect(refusal(() => respond(sodium, started.message, { identity: impostor, isPinned: () => true }))).toBe('malformed');
    // An M2 made by anyone but the device called does not authenticate.
    const elsewhere = initiate(sodium, { mode: 'sync', identity: laptop, peer: impostor.signPublicKey });
    const answer = respond(sodium, elsewhere.message, { identity: impostor, isPinned: () => true });
    expect(refusal(() => finishInitiator(sodium, started.state, answer.message, { identity: laptop, isPinned: pinnedTo(desktop) }))).toBe('bad-signature');
  });

  test('a device revoked while the handshake runs is refused at the end', () => {
    let revoked = false;
    const pins = (key: Uint8Array) => !revoked && pinnedTo(laptop)(key);
    const started = initiate(sodium, { mode: 'sync', identity: laptop, peer: desktop.signPublicKey });
    const answer = respond(sodium, started.message, { identity: desktop, isPinned: pins });
    const finished = finishInitiator(sodium, started.state, answer.message, { identity: laptop, isPinned: pinnedTo(desktop) });
    revoked = true;
    expect(refusal(() => finishResponder(sodium, answer.state, finished.message, { identity: desktop, isPinned: pins }))).toBe('unknown-device');
  });

  test('a replayed handshake gets nothing: the old M3 does not confirm the new session', () => {
    const recorded = syncHandshake();
    // An eavesdropper replays M1 and, to the fresh M2, the recorded M3.
    const answer = respond(sodium, recorded.messages[0], { identity: desktop, isPinned: pinnedTo(laptop) });
    expect(refusal(() => finishResponder(sodium, answer.state, recorded.messages[2], { identity: desktop, isPinned: pinnedTo(laptop) }))).toBe('bad-signature');
    // And an M2 replayed to a new M1 is refused by the initiator.
    const again = initiate(sodium, { mode: 'sync', identity: laptop, peer: desktop.signPublicKey });
    expect(refusal(() => finishInitiator(sodium, again.state, recorded.messages[1], { identity: laptop, isPinned: pinnedTo(desktop) }))).toBe('bad-signature');
  });

  test('no message carries a signing key, its X25519 form or anything stable: two sessions share no bytes past the version', () => {
    const first = syncHandshake();
    const second = syncHandshake();
    for (const device of [laptop, desktop]) {
      const forms = [device.signPublicKey, sodium.crypto_sign_ed25519_pk_to_curve25519(device.signPublicKey)];
      for (const message of first.messages) for (const form of forms) expect(contains(message, form)).toBe(false);
    }
    // Past M1's version and mode, no 8-byte run of one session appears anywhere in the other
    // (random bytes share one with odds of about 2^-50 here; a stable field would always match).
    const run = 8;
    first.messages.forEach((message, i) => {
      const from = i === 0 ? 2 : 0;
      for (let at = from; at + run <= message.length; at++) {
        for (const other of second.messages) expect(contains(other, message.subarray(at, at + run))).toBe(false);
      }
    });
    expect(bytesEqual(first.initiator.transcript, first.responder.transcript)).toBe(true);
  });

  test('a changed byte in any message is refused, never a handshake with different keys', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (which, at, mask) => {
        const started = initiate(sodium, { mode: 'sync', identity: laptop, peer: desktop.signPublicKey });
        const m1 = started.message.slice();
        if (which === 0) m1[at % m1.length]! ^= mask;
        const outcome = refusal(() => {
          const answer = respond(sodium, m1, { identity: desktop, isPinned: pinnedTo(laptop) });
          const m2 = answer.message.slice();
          if (which === 1) m2[at % m2.length]! ^= mask;
          const finished = finishInitiator(sodium, started.state, m2, { identity: laptop, isPinned: pinnedTo(desktop) });
          const m3 = finished.message.slice();
          if (which === 2) m3[at % m3.length]! ^= mask;
          finishResponder(sodium, answer.state, m3, { identity: desktop, isPinned: pinnedTo(laptop) });
        });
        expect(outcome).not.toBe('accepted');
      }),
      { numRuns: 150 },
    );
  });

  test('messages of the wrong size, mode or version are refused as such; no older version is spoken', () => {
    expect(refusal(() => respond(sodium, Uint8Array.of(PROTOCOL_VERSION, 1, 0, 0), { identity: desktop, isPinned: pinnedTo(laptop) }))).toBe('malformed');
    const started = initiate(sodium, { mode: 'sync', identity: laptop, peer: desktop.signPublicKey });
    for (const version of [1, PROTOCOL_VERSION + 1]) {
      const other = started.message.slice();
      other[0] = version;
      expect(refusal(() => respond(sodium, other, { identity: desktop, isPinned: pinnedTo(laptop) }))).toBe('wrong-version');
    }
    const otherMode = started.message.slice();
    otherMode[1] = 9;
    expect(refusal(() => respond(sodium, otherMode, { identity: desktop, isPinned: pinnedTo(laptop) }))).toBe('malformed');
    // The version and mode are bound into every key: a sync M1 relabelled as pairing is refused.
    const relabelled = started.message.slice(0, 2 + 32 + 16);
    relabelled[1] = 2;
    expect(refusal(() => respond(sodium, relabelled, { identity: desktop, isPinned: pinnedTo(laptop), pairing: pairingWindow(sodium.randombytes_buf(16)) }))).toBe('bad-pairing-secret');
  });
});

describe('pairing a new device', () => {
  const secret = () => sodium.randombytes_buf(16);

  function pair(proven: Uint8Array, window: PairingWindow, newDevice = stranger) {
    const started = initiate(sodium, { mode: 'pair', identity: newDevice, secret: proven });
    const answer = respond(sodium, started.message, { identity: desktop, isPinned: pinnedTo(laptop), pairing: window });
    const finished = finishInitiator(sodium, started.state, answer.message, { identity: newDevice, isPinned: pinnedTo(desktop) });
    const keys = finishResponder(sodium, answer.state, finished.message, { identity: desktop, isPinned: pinnedTo(laptop), pairing: window });
    return Object.assign(keys, { joined: finished.keys, messages: [started.message, answer.message, finished.message] });
  }

  test('the right secret pairs once; the code is then used up', () => {
    const code = secret();
    const window = pairingWindow(code);
    const keys = pair(code, window);
    expect(bytesEqual(keys.peer, stranger.signPublicKey)).toBe(true);
    expect(bytesEqual(keys.joined.peer, desktop.signPublicKey)).toBe(true);
    expect(bytesEqual(keys.send, keys.joined.receive) && bytesEqual(keys.transcript, keys.joined.transcript)).toBe(true);
    expect(window.used).toBe(true);
    for (const device of [stranger, desktop]) for (const message of keys.messages) expect(contains(message, device.signPublicKey)).toBe(false);
    expect(refusal(() => pair(code, window, newDeviceIdentity(sodium)))).toBe('pairing-closed');
  });

  test('both sides show the same comparison code; another pairing (as a device in the middle would make) shows other digits', () => {
    const pairOnce = () => {
      const code = secret();
      return pair(code, pairingWindow(code));
    };
    const first = pairOnce();
    expect(comparisonCode(sodium, first.transcript)).toMatch(/^\d{3} \d{3}$/);
    expect(comparisonCode(sodium, first.joined.transcript)).toBe(comparisonCode(sodium, first.transcript));
    // Over 200 other pairings the codes spread out: a fixed or low-entropy code would repeat.
    const codes = new Set(Array.from({ length: 200 }, () => comparisonCode(sodium, pairOnce().transcript)));
    expect(codes.size).toBeGreaterThan(190);
  });

  test('a wrong secret, an expired code or no open code gives nothing, and a wrong secret does not use the code up', () => {
    const code = secret();
    const window = pairingWindow(code);
    expect(refusal(() => pair(secret(), window))).toBe('bad-pairing-secret');
    expect(window.used).toBe(false);
    expect(refusal(() => pair(code, pairingWindow(undefined)))).toBe('pairing-closed');
    const started = initiate(sodium, { mode: 'pair', identity: stranger, secret: code });
    expect(refusal(() => respond(sodium, started.message, { identity: desktop, isPinned: pinnedTo(laptop) }))).toBe('pairing-closed');
  });

  test('the new device refuses a responder other than the one its code names', () => {
    const code = secret();
    const started = initiate(sodium, { mode: 'pair', identity: stranger, secret: code });
    const impostor = newDeviceIdentity(sodium);
    const answer = respond(sodium, started.message, { identity: impostor, isPinned: () => false, pairing: pairingWindow(code) });
    expect(refusal(() => finishInitiator(sodium, started.state, answer.message, { identity: stranger, isPinned: pinnedTo(desktop) }))).toBe('wrong-responder');
  });
});

describe('pairing codes', () => {
  const code = () => ({ host: '192.168.10.24', port: 47291, fingerprint: keyFingerprint(sodium, desktop.signPublicKey), secret: sodium.randombytes_buf(16) });

  test('a code survives being typed in any case, with spaces or dashes, and O/I/L for 0/1', () => {
    const original = code();
    const text = encodePairingCode(original);
    expect(text).toMatch(/^([0-9A-Z*~$=]{1,5}-)+[0-9A-Z*~$=]{1,5}$/);
    for (const typed of [text, text.toLowerCase(), text.replace(/-/g, ' '), text.replace(/-/g, '').replace(/0/g, 'O').replace(/1/g, 'l'), pairingLink(text)]) {
      const decoded = decodePairingCode(typed);
      expect(decoded.ok && decoded.value).toEqual(original);
    }
    const v6 = { ...original, host: 'fe80:0:0:0:1:2:3:4' };
    const decoded = decodePairingCode(encodePairingCode({ ...v6, host: 'fe80::1:2:3:4' }));
    expect(decoded.ok && decoded.value).toEqual(v6);
  });

  test('any single mistyped character is caught; junk is not a code', () => {
    const text = encodePairingCode(code()).replace(/-/g, '');
    const digits = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    for (let at = 0; at < text.length - 1; at++) {
      const other = digits[(digits.indexOf(text[at]!) + 1 + (at % 31)) % 32]!;
      const result = decodePairingCode(text.slice(0, at) + other + text.slice(at + 1));
      expect(result.ok, `${at}`).toBe(false);
    }
    for (const junk of ['', 'hello', '7K2M-Q9TA-XW4R-B', 'x'.repeat(500)]) expect(decodePairingCode(junk).ok).toBe(false);
    fc.assert(fc.property(fc.string({ maxLength: 120 }), (typed) => {
      decodePairingCode(typed); // never throws
    }));
  });

  test('a window closes when used, cancelled or expired — never because of wrong secrets', () => {
    let now = 1_000;
    const secret = sodium.randombytes_buf(16);
    const window = new PairingCodeWindow(secret, { clock: () => now, lifetimeMs: 60_000 });
    const stranger = window.forAddress('192.0.2.7');
    for (let i = 0; i < 100; i++) stranger.wrongGuess();
    expect(window.state).toBe('open');
    expect(window.forAddress('192.0.2.8').secret()).toEqual(secret);
    window.forAddress('192.0.2.8').consume();
    expect(window.state).toBe('used');
    expect(window.forAddress('192.0.2.8').secret()).toBeUndefined();

    const later = new PairingCodeWindow(secret, { clock: () => now, lifetimeMs: 60_000 });
    now += 60_000;
    expect(later.state).toBe('expired');
    expect(later.forAddress('192.0.2.8').secret()).toBeUndefined();
    const cancelled = new PairingCodeWindow(secret, { clock: () => now });
    cancelled.cancel();
    expect(cancelled.forAddress('192.0.2.8').secret()).toBeUndefined();
  });

  test('a guessing address is shut out after a few wrong secrets, even if a later guess is right; the code stays open for everyone else', () => {
    const secret = sodium.randombytes_buf(16);
    const window = new PairingCodeWindow(secret, { clock: Date.now });
    const attempt = (from: string, proven: Uint8Array) => {
      const started = initiate(sodium, { mode: 'pair', identity: stranger, secret: proven });
      return refusal(() => {
        const pairing = window.forAddress(from);
        const answer = respond(sodium, started.message, { identity: desktop, isPinned: pinnedTo(laptop), pairing });
        const finished = finishInitiator(sodium, started.state, answer.message, { identity: stranger, isPinned: pinnedTo(desktop) });
        finishResponder(sodium, answer.state, finished.message, { identity: desktop, isPinned: pinnedTo(laptop), pairing });
      });
    };
    for (let i = 0; i < PAIRING_MAX_WRONG_GUESSES; i++) expect(attempt('192.0.2.7', sodium.randombytes_buf(16))).toBe('bad-pairing-secret');
    expect(attempt('192.0.2.7', secret)).toBe('pairing-closed');
    expect(attempt('192.0.2.8', secret)).toBe('accepted');
  });
});

describe('the channel', () => {
  test('frames arrive in order; a changed, dropped, repeated or reordered frame fails, and so does every later one', () => {
    const { initiator, responder } = syncHandshake();
    const out = sender(sodium, initiator.send);
    const frames = ['one', 'two', 'three'].map((text, i) => out.seal(utf8(text), i === 2));
    const read = (sequence: Uint8Array[]) => {
      const inbox = receiver(sodium, responder.receive, out.header);
      return sequence.map((frame) => {
        try {
          return new TextDecoder().decode(inbox.open(frame).plaintext);
        } catch (error) {
          expect(error).toBeInstanceOf(ChannelError);
          return 'refused';
        }
      });
    };
    expect(read(frames)).toEqual(['one', 'two', 'three']);
    const changed = frames[1]!.slice();
    changed[5]! ^= 1;
    expect(read([frames[0]!, changed, frames[2]!])).toEqual(['one', 'refused', 'refused']);
    expect(read([frames[0]!, frames[2]!])).toEqual(['one', 'refused']);
    expect(read([frames[0]!, frames[0]!])).toEqual(['one', 'refused']);
    expect(read([frames[1]!, frames[0]!])).toEqual(['refused', 'refused']);
    // The other direction's key cannot read it.
    expect(() => receiver(sodium, responder.send, out.header).open(frames[0]!)).toThrow(ChannelError);
    expect(() => out.seal(utf8('after the end'))).toThrow(ChannelError);
  });
});
