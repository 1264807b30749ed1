/** The core's Clipboard over Electron's, so the renderer needs no clipboard permission. */
import type { Clipboard } from '../../core/types';

/** Creates the Clipboard adapter from Electron's `clipboard` module. */
export function createClipboard(clipboard: { writeText(text: string): void }): Clipboard {
  return { writeText: (text) => clipboard.writeText(text) };
}
