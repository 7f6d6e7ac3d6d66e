/**
 * LAN discovery over mDNS (bonjour-service): this device advertises its rotating tag
 * (shared/sync/discovery-tag.ts) as an `_enishi._tcp` service, with the tag as host name too (never
 * the machine's name), and reports every Enishi service it sees; the sync service keeps the ones
 * that are its paired devices.
 */
import Bonjour from 'bonjour-service';

export interface FoundService {
  readonly name: string;
  readonly port: number;
  readonly addresses: readonly string[];
}

export interface Discovery {
  /** Advertises `name` on `port` (replacing what was advertised before). */
  advertise(name: string, port: number): void;
  /** Starts reporting services as they appear (and again when asked to look). */
  browse(onFound: (service: FoundService) => void): void;
  stop(): void;
}

const SERVICE_TYPE = 'enishi';

export function mdnsDiscovery(): Discovery {
  let bonjour: Bonjour.Bonjour | undefined;
  let browser: Bonjour.Browser | undefined;
  let service: Bonjour.Service | undefined;
  // A machine without a network (or that refuses multicast) simply finds nobody.
  const instance = () => (bonjour ??= new Bonjour.Bonjour({}, () => undefined));
  return {
    advertise(name, port) {
      service?.stop?.();
      service = instance().publish({ name, type: SERVICE_TYPE, port, host: `${name}.local`, disableIPv6: true, probe: false });
      service.on('error', () => undefined);
    },
    browse(onFound) {
      browser?.stop();
      browser = instance().find({ type: SERVICE_TYPE }, (found) => onFound({ name: found.name, port: found.port, addresses: found.addresses ?? [] }));
    },
    stop() {
      browser?.stop();
      service?.stop?.();
      bonjour?.unpublishAll();
      bonjour?.destroy();
      bonjour = undefined;
      browser = undefined;
      service = undefined;
    },
  };
}
