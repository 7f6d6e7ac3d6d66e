/**
 * Holds what the operating system last asked the app to open (a pairing link or a backup file)
 * until the window takes it. The renderer asks at start and whenever it is told one arrived.
 */
import type { OpenRequest } from '../../../shared/domain/desktop.ts';

export class OpenRequests {
  private pending: OpenRequest | undefined;
  private readonly notify: () => void;

  constructor(notify: () => void) {
    this.notify = notify;
  }

  /** A newer request replaces one not yet taken: the user acted last on that one. */
  offer(request: OpenRequest): void {
    this.pending = request;
    this.notify();
  }

  take(): OpenRequest | null {
    const request = this.pending ?? null;
    this.pending = undefined;
    return request;
  }
}
