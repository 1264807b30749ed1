/**
 * The object table's keyboard map, as a pure reducer from a key press to a command.
 *
 * Kept apart from the component so every binding is unit-tested: arrows,
 * Home/End, PageUp/PageDown (Shift extends), Enter opens, Backspace and
 * Alt+Up go up, Ctrl/Cmd+A selects all, Ctrl/Cmd+C copies URIs, Ctrl/Cmd+F
 * focuses the filter, Escape clears the selection, Delete asks to delete
 * the selection (the confirmation is the operation dialog's).
 */

/** The parts of a KeyboardEvent the map looks at. */
export interface KeyPress {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** Where the focus is and how far a page reaches. */
export interface NavContext {
  /** Focus position in the current view (-1: none yet). */
  focusPos: number;
  /** Rows in the current view. */
  count: number;
  /** Whole rows per viewport. */
  pageSize: number;
  /** On macOS the command key is Cmd, elsewhere Ctrl. */
  isMac: boolean;
}

/** What a key press asks the table to do. */
export type NavCommand =
  | { type: 'move'; to: number; extend: boolean }
  | { type: 'open' }
  | { type: 'up' }
  | { type: 'copy' }
  | { type: 'select-all' }
  | { type: 'focus-filter' }
  | { type: 'clear-selection' }
  | { type: 'context-menu' }
  | { type: 'delete' };

/** Maps one key press to a command, or null when the table should let it pass. */
export function keyToCommand(e: KeyPress, ctx: NavContext): NavCommand | null {
  const cmd = ctx.isMac ? e.metaKey : e.ctrlKey;
  if (cmd && !e.altKey) {
    switch (e.key.toLowerCase()) {
      case 'a':
        return { type: 'select-all' };
      case 'c':
        return { type: 'copy' };
      case 'f':
        return { type: 'focus-filter' };
      default:
        return null;
    }
  }
  if (e.altKey && e.key === 'ArrowUp') return { type: 'up' };
  if (e.altKey || e.ctrlKey || e.metaKey) return null;
  const last = ctx.count - 1;
  const move = (to: number): NavCommand | null =>
    ctx.count === 0 ? null : { type: 'move', to: Math.min(Math.max(0, to), last), extend: e.shiftKey };
  const from = ctx.focusPos;
  switch (e.key) {
    case 'ArrowDown':
      return move(from < 0 ? 0 : from + 1);
    case 'ArrowUp':
      return move(from < 0 ? 0 : from - 1);
    case 'Home':
      return move(0);
    case 'End':
      return move(last);
    case 'PageDown':
      return move(from < 0 ? 0 : from + ctx.pageSize);
    case 'PageUp':
      return move(from < 0 ? 0 : from - ctx.pageSize);
    case 'Enter':
      return from < 0 ? null : { type: 'open' };
    case 'Backspace':
      return { type: 'up' };
    case 'Escape':
      return { type: 'clear-selection' };
    case 'ContextMenu':
      return from < 0 ? null : { type: 'context-menu' };
    case 'Delete':
      return from < 0 ? null : { type: 'delete' };
    default:
      return null;
  }
}
