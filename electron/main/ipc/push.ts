/**
 * The one doorway for main→renderer events.
 *
 * `emit(event, payload)` sends a contract event to every window whose
 * WebContents Thaw trusts and that is still alive. It is the only place
 * allowed to call `webContents.send` (lint enforces this).
 */
import { BrowserWindow } from 'electron';
import { eventNames } from '../../../shared/ipc/contract';
import type { Emit } from '../../core/types';

/** The parts of a window `emit` needs. */
export interface PushTarget {
  isDestroyed(): boolean;
  webContents: { id: number; isDestroyed(): boolean; send(channel: string, ...args: unknown[]): void };
}

/**
 * Creates the core's `emit` adapter.
 *
 * `windows` defaults to every BrowserWindow; it is read on each emit, so
 * windows opened later receive events too. An event name outside the
 * contract throws: that is a programming error, not a runtime condition.
 */
export function createEmitter(
  isTrustedContents: (id: number) => boolean,
  windows: () => readonly PushTarget[] = () => BrowserWindow.getAllWindows(),
): Emit {
  const allowed = new Set<string>(eventNames);
  return (event, payload) => {
    if (!allowed.has(event)) throw new Error(`Unknown event "${String(event)}".`);
    for (const win of windows()) {
      if (win.isDestroyed()) continue;
      const contents = win.webContents;
      if (contents.isDestroyed() || !isTrustedContents(contents.id)) continue;
      try {
        contents.send(event, payload);
      } catch (err) {
        // A window closing mid-send must not stop delivery to the others.
        console.error(`[thaw] could not deliver ${String(event)}:`, err instanceof Error ? err.message : err);
      }
    }
  };
}
