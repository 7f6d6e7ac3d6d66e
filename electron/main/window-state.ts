/**
 * Where the window opens: where it was last time, if that place is still on a screen; otherwise the
 * default size, centred by Electron. No `electron` import, so it is unit-tested without the binary.
 */
export interface Rectangle {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface SavedBounds extends Rectangle {
  readonly maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1200, height: 800 } as const;
export const MIN_SIZE = { width: 720, height: 520 } as const;
/** At least this much of the title bar must be on a screen for the user to grab it. */
const GRAB_MARGIN = 64;

export type Placement = { readonly width: number; readonly height: number; readonly x?: number; readonly y?: number; readonly maximized: boolean };

function overlap(a: Rectangle, b: Rectangle): Rectangle | undefined {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : undefined;
}

/**
 * The saved place when its title bar is reachable on one of the screens' work areas (shrunk to fit
 * that screen); the default size otherwise, e.g. after the external monitor it was on is unplugged.
 */
export function placeWindow(saved: SavedBounds | undefined, workAreas: readonly Rectangle[]): Placement {
  if (!saved) return { ...DEFAULT_SIZE, maximized: false };
  const titleBar = { x: saved.x, y: saved.y, width: saved.width, height: 32 };
  const screen = workAreas.find((area) => {
    const visible = overlap(titleBar, area);
    return visible !== undefined && visible.width >= Math.min(GRAB_MARGIN, saved.width) && saved.y >= area.y;
  });
  if (!screen) return { ...DEFAULT_SIZE, maximized: saved.maximized };
  const width = Math.max(MIN_SIZE.width, Math.min(saved.width, screen.width));
  const height = Math.max(MIN_SIZE.height, Math.min(saved.height, screen.height));
  return { x: saved.x, y: saved.y, width, height, maximized: saved.maximized };
}
