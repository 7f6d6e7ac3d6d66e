/**
 * This computer's own preferences and window placement, in `desktop.json` beside the vault. It holds
 * no vault data (booleans, a language, window bounds), so it is readable before unlock and is not
 * encrypted. A missing or damaged file means the defaults: the app always starts.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ok, type Result } from '../../../shared/api/result.ts';
import { DEFAULT_DESKTOP_PREFERENCES, DesktopPreferencesSchema, UI_LANGUAGES, type DesktopCapabilities, type DesktopPreferences, type DesktopPreferencesChange, type DesktopPreferencesView, type UiLanguage } from '../../../shared/domain/desktop.ts';
import { ensurePrivateDir, writeFileAtomic } from '../fs/atomic-file.ts';

export const DESKTOP_FILE = 'desktop.json';

const BoundsSchema = z.object({
  x: z.number().int().min(-100_000).max(100_000),
  y: z.number().int().min(-100_000).max(100_000),
  width: z.number().int().min(1).max(100_000),
  height: z.number().int().min(1).max(100_000),
  maximized: z.boolean(),
});
export type SavedWindowBounds = z.output<typeof BoundsSchema>;

const FileSchema = z.object({
  preferences: DesktopPreferencesSchema.catch(DEFAULT_DESKTOP_PREFERENCES),
  language: z.enum(UI_LANGUAGES).optional().catch(undefined),
  window: BoundsSchema.optional().catch(undefined),
});
type DesktopFile = z.output<typeof FileSchema>;

export interface DesktopPreferencesOptions {
  readonly dataDir: string;
  readonly capabilities: DesktopCapabilities;
  /** Puts the preferences into effect (login item, content protection, badge, menu language). */
  readonly apply: (preferences: DesktopPreferences, language: UiLanguage | undefined) => void;
}

export class DesktopPreferencesStore {
  private readonly file: string;
  private state: DesktopFile = { preferences: DEFAULT_DESKTOP_PREFERENCES };
  private writing: Promise<void> = Promise.resolve();
  private readonly options: DesktopPreferencesOptions;

  constructor(options: DesktopPreferencesOptions) {
    this.options = options;
    this.file = join(options.dataDir, DESKTOP_FILE);
  }

  /** Reads the file (defaults when it is missing or damaged) and applies what it says. */
  async load(): Promise<void> {
    try {
      const parsed = FileSchema.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      if (parsed.success) this.state = parsed.data;
    } catch {
      // Missing or not JSON: the defaults stand, and the next change rewrites the file.
    }
    this.apply();
  }

  view(): DesktopPreferencesView {
    return { ...this.state.preferences, supports: this.options.capabilities };
  }

  get preferences(): DesktopPreferences {
    return this.state.preferences;
  }

  get language(): UiLanguage | undefined {
    return this.state.language;
  }

  get windowBounds(): SavedWindowBounds | undefined {
    return this.state.window;
  }

  /** Applies and saves a change; one that changes nothing (the UI saying its language at each start) does neither. */
  async update(change: DesktopPreferencesChange): Promise<Result<DesktopPreferencesView>> {
    const { language, ...preferences } = change;
    const next = { ...this.state, preferences: { ...this.state.preferences, ...preferences }, ...(language && { language }) };
    if (JSON.stringify(next) === JSON.stringify(this.state)) return ok(this.view());
    this.state = next;
    this.apply();
    await this.save();
    return ok(this.view());
  }

  async saveWindowBounds(bounds: SavedWindowBounds): Promise<void> {
    const parsed = BoundsSchema.safeParse(bounds);
    if (!parsed.success) return;
    this.state = { ...this.state, window: parsed.data };
    await this.save();
  }

  private apply(): void {
    this.options.apply(this.state.preferences, this.state.language);
  }

  /** Writes one after another, each atomically, so the file is always whole. */
  private save(): Promise<void> {
    const snapshot = JSON.stringify(this.state, null, 2);
    this.writing = this.writing.catch(() => undefined).then(async () => {
      await ensurePrivateDir(this.options.dataDir);
      await writeFileAtomic(this.file, new TextEncoder().encode(snapshot));
    });
    return this.writing;
  }
}
