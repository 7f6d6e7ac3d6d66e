import { describe, expect, test } from 'vitest';
import { encodePairingCode, pairingLink } from '../sync/pairing.ts';
import { openRequestFromArgs, openRequestFromFile, openRequestFromUrl } from './open-request.ts';

const code = encodePairingCode({ host: '192.168.1.20', port: 47291, fingerprint: new Uint8Array(16).fill(7), secret: new Uint8Array(16).fill(9) });

describe('pairing links', () => {
  test('the link the QR image holds opens as "join with this code"', () => {
    expect(openRequestFromUrl(pairingLink(code))).toEqual({ kind: 'pair', code });
    expect(openRequestFromUrl(`ENISHI://PAIR/${code}`)).toEqual({ kind: 'pair', code });
    expect(openRequestFromUrl(`${pairingLink(code)}/`)).toEqual({ kind: 'pair', code });
  });

  test('anything else is ignored: other schemes, other paths, mistyped or junk codes, very long links', () => {
    const mistyped = code.slice(0, -1) + (code.endsWith('0') ? '1' : '0');
    for (const url of ['https://example.com/pair/' + code, 'enishi://settings', 'enishi://pair/', 'enishi://pair/' + mistyped, 'enishi://pair/%E0%A4%A', 'enishi://pair/' + 'A'.repeat(500), 'javascript:alert(1)']) {
      expect(openRequestFromUrl(url), url).toBeUndefined();
    }
  });
});

describe('backup files', () => {
  test('an absolute path to a .enishi-backup file, on any platform', () => {
    expect(openRequestFromFile('/Users/aiko/Backups/enishi-2026-11-27.enishi-backup')).toEqual({ kind: 'backup-file', path: '/Users/aiko/Backups/enishi-2026-11-27.enishi-backup' });
    expect(openRequestFromFile('C:\\Users\\aiko\\enishi.ENISHI-BACKUP')).toEqual({ kind: 'backup-file', path: 'C:\\Users\\aiko\\enishi.ENISHI-BACKUP' });
  });

  test('relative paths and other files are ignored', () => {
    expect(openRequestFromFile('enishi.enishi-backup')).toBeUndefined();
    expect(openRequestFromFile('/Users/aiko/contacts.vcf')).toBeUndefined();
  });
});

describe('start-up arguments', () => {
  test('the first link or backup file wins; options and the app path are skipped', () => {
    expect(openRequestFromArgs(['/opt/Enishi/enishi', '--no-sandbox', '/tmp/a.enishi-backup', pairingLink(code)])).toEqual({ kind: 'backup-file', path: '/tmp/a.enishi-backup' });
    expect(openRequestFromArgs(['C:\\Program Files\\Enishi\\Enishi.exe', '--allow-file-access-from-files', pairingLink(code)])).toEqual({ kind: 'pair', code });
    expect(openRequestFromArgs(['/usr/bin/electron', '.'])).toBeUndefined();
  });
});
