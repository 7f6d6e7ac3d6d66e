/**
 * The shell's handle on the engine process: calls go out as messages and come back as results,
 * events come back as they happen. If the engine dies, every call it had not answered fails with
 * `engine-stopped` (a write it acknowledged was already on disk), a fresh engine is started — its
 * vault locked — and the window is told; after repeated deaths in a short time it stops trying.
 */
import type { EventName, EventPayload } from '../../../shared/api/contract.ts';
import { fail, type Result } from '../../../shared/api/result.ts';
import type { LogLevel } from '../log/log-file.ts';
import type { EngineConfig, EngineMessage, ShellMessage } from './engine-messages.ts';

/** A running engine process, however it was started (utilityProcess, child_process.fork). */
export interface EngineProcess {
  readonly pid: number | undefined;
  send(message: ShellMessage): void;
  onMessage(listener: (message: EngineMessage) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export type EngineLauncher = () => EngineProcess;

export interface EngineClientOptions {
  readonly launch: EngineLauncher;
  readonly config: EngineConfig;
  readonly onEvent: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  readonly onLog: (level: LogLevel, text: string) => void;
  /** Waits before each restart after a death, in order; once used up within `crashWindowMs`, no more restarts. */
  readonly restartDelaysMs?: readonly number[];
  readonly crashWindowMs?: number;
  readonly clock?: () => number;
}

const DEFAULT_RESTART_DELAYS_MS = [0, 1_000, 5_000];
const DEFAULT_CRASH_WINDOW_MS = 60_000;
/** How long a graceful stop may take (sync's goodbye, the cache save) before the engine is killed. */
const STOP_TIMEOUT_MS = 15_000;

interface Running {
  readonly process: EngineProcess;
  readonly ready: Promise<void>;
  readonly pending: Map<number, (result: Result<unknown>) => void>;
  exited: boolean;
  whenStopped?: () => void;
}

export type EngineState = 'starting' | 'running' | 'restarting' | 'failed' | 'stopped';

export class EngineClient {
  private readonly options: EngineClientOptions;
  private running: Running | undefined;
  private nextId = 1;
  private stopping = false;
  private deaths: number[] = [];
  private vaultState: EventPayload<'vaultStatusChanged'>['state'] = 'none';
  private current: EngineState = 'stopped';
  private restarted: Promise<void> = Promise.resolve();

  constructor(options: EngineClientOptions) {
    this.options = options;
  }

  get state(): EngineState {
    return this.current;
  }

  /** As the engine last said; the shell's menus and timers read this rather than asking. */
  get isUnlocked(): boolean {
    return this.vaultState === 'unlocked';
  }

  /** The engine process's id, for tests that kill it as a crash would. */
  get pid(): number | undefined {
    return this.running?.process.pid;
  }

  start(): Promise<void> {
    this.stopping = false;
    this.current = 'starting';
    return this.launch().ready;
  }

  /** A fresh engine after a death is ready (or the client gave up). */
  whenRestarted(): Promise<void> {
    return this.restarted;
  }

  async call(method: string, input: unknown): Promise<Result<unknown>> {
    if (this.current === 'restarting') await this.restarted;
    const running = this.running;
    if (!running || running.exited || this.current === 'failed' || this.current === 'stopped') return stopped(method);
    await running.ready;
    if (running.exited) return stopped(method);
    const id = this.nextId++;
    return new Promise((resolve) => {
      running.pending.set(id, resolve);
      running.process.send({ type: 'call', id, method, input });
    });
  }

  /** Locks the vault and ends the engine: gracefully, or by force after a deadline. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.current = 'stopped';
    const running = this.running;
    if (!running || running.exited) return;
    await new Promise<void>((resolve) => {
      const deadline = setTimeout(() => {
        running.process.kill();
        resolve();
      }, STOP_TIMEOUT_MS);
      running.whenStopped = () => {
        clearTimeout(deadline);
        resolve();
      };
      running.process.send({ type: 'stop' });
    });
  }

  private launch(): Running {
    const process = this.options.launch();
    let becameReady!: () => void;
    const running: Running = { process, ready: new Promise((resolve) => (becameReady = resolve)), pending: new Map(), exited: false };
    this.running = running;
    process.onMessage((message) => this.receive(running, message, becameReady));
    process.onExit((code) => {
      running.exited = true;
      becameReady();
      for (const [id, resolve] of running.pending) {
        running.pending.delete(id);
        resolve(stopped('the call'));
      }
      running.whenStopped?.();
      if (!this.stopping && this.running === running) this.died(code);
    });
    process.send({ type: 'start', config: this.options.config });
    return running;
  }

  private receive(running: Running, message: EngineMessage, becameReady: () => void): void {
    switch (message.type) {
      case 'ready':
        if (this.running === running && this.current !== 'stopped') this.current = 'running';
        becameReady();
        return;
      case 'result': {
        const resolve = running.pending.get(message.id);
        running.pending.delete(message.id);
        resolve?.(message.result);
        return;
      }
      case 'event':
        if (message.event === 'vaultStatusChanged') this.vaultState = (message.payload as EventPayload<'vaultStatusChanged'>).state;
        this.options.onEvent(message.event, message.payload);
        return;
      case 'log':
        this.options.onLog(message.level, message.text);
        return;
      case 'stopped':
        running.whenStopped?.();
        return;
    }
  }

  private died(code: number | null): void {
    const now = (this.options.clock ?? Date.now)();
    const window = this.options.crashWindowMs ?? DEFAULT_CRASH_WINDOW_MS;
    const delays = this.options.restartDelaysMs ?? DEFAULT_RESTART_DELAYS_MS;
    this.deaths = [...this.deaths.filter((at) => now - at < window), now];
    const wasOpen = this.vaultState !== 'none';
    this.vaultState = 'none';
    this.options.onLog('error', `the vault engine stopped unexpectedly (exit ${code ?? 'by signal'}); death ${this.deaths.length} in ${window / 1000} s`);
    const delay = delays[this.deaths.length - 1];
    if (delay === undefined) {
      this.current = 'failed';
      this.options.onEvent('engineStopped', { restarted: false });
      if (wasOpen) this.options.onEvent('vaultStatusChanged', { state: 'locked' });
      return;
    }
    this.current = 'restarting';
    this.restarted = new Promise<void>((resolve) => {
      setTimeout(() => {
        if (this.stopping) return resolve();
        const fresh = this.launch();
        void fresh.ready.then(async () => {
          if (fresh.exited) return resolve(); // it died too: died() has taken over
          if (this.current === 'restarting') this.current = 'running';
          // The window learns the fresh engine's state (a vault there is locked now) and why.
          const status = await this.call('getVaultStatus', {});
          if (fresh.exited || this.running !== fresh) return resolve(); // it died meanwhile: died() says so
          const state = status.ok ? (status.value as EventPayload<'vaultStatusChanged'>).state : 'locked';
          this.vaultState = state;
          this.options.onEvent('engineStopped', { restarted: true });
          this.options.onEvent('vaultStatusChanged', { state });
          resolve();
        });
      }, delay);
    });
  }
}

function stopped(method: string): Result<never> {
  return fail('engine-stopped', `the vault engine stopped before answering ${method}`);
}
