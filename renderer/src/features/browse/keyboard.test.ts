import { describe, expect, it } from 'vitest';
import { keyToCommand, type KeyPress, type NavContext } from './keyboard';

const key = (k: string, mods: Partial<KeyPress> = {}): KeyPress => ({ key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });
const ctx = (focusPos: number, over: Partial<NavContext> = {}): NavContext => ({ focusPos, count: 100, pageSize: 20, isMac: false, ...over });

describe('keyToCommand', () => {
  it('moves the focus with arrows, Home/End and paging, clamped', () => {
    expect(keyToCommand(key('ArrowDown'), ctx(5))).toEqual({ type: 'move', to: 6, extend: false });
    expect(keyToCommand(key('ArrowUp'), ctx(0))).toEqual({ type: 'move', to: 0, extend: false });
    expect(keyToCommand(key('ArrowDown'), ctx(99))).toEqual({ type: 'move', to: 99, extend: false });
    expect(keyToCommand(key('ArrowDown'), ctx(-1))).toEqual({ type: 'move', to: 0, extend: false });
    expect(keyToCommand(key('Home'), ctx(50))).toEqual({ type: 'move', to: 0, extend: false });
    expect(keyToCommand(key('End', { shiftKey: true }), ctx(50))).toEqual({ type: 'move', to: 99, extend: true });
    expect(keyToCommand(key('PageDown'), ctx(90))).toEqual({ type: 'move', to: 99, extend: false });
    expect(keyToCommand(key('PageUp'), ctx(30))).toEqual({ type: 'move', to: 10, extend: false });
    expect(keyToCommand(key('ArrowDown'), ctx(-1, { count: 0 }))).toBeNull();
  });

  it('opens, goes up and clears', () => {
    expect(keyToCommand(key('Enter'), ctx(3))).toEqual({ type: 'open' });
    expect(keyToCommand(key('Enter'), ctx(-1))).toBeNull();
    expect(keyToCommand(key('Backspace'), ctx(3))).toEqual({ type: 'up' });
    expect(keyToCommand(key('ArrowUp', { altKey: true }), ctx(3))).toEqual({ type: 'up' });
    expect(keyToCommand(key('Escape'), ctx(3))).toEqual({ type: 'clear-selection' });
    expect(keyToCommand(key('Delete'), ctx(3))).toEqual({ type: 'delete' });
    expect(keyToCommand(key('Delete'), ctx(3, { focusPos: -1 }))).toBeNull();
  });

  it('uses Ctrl on Windows/Linux and Cmd on macOS for the command shortcuts', () => {
    expect(keyToCommand(key('c', { ctrlKey: true }), ctx(1))).toEqual({ type: 'copy' });
    expect(keyToCommand(key('A', { ctrlKey: true, shiftKey: true }), ctx(1))).toEqual({ type: 'select-all' });
    expect(keyToCommand(key('f', { ctrlKey: true }), ctx(1))).toEqual({ type: 'focus-filter' });
    expect(keyToCommand(key('c', { metaKey: true }), ctx(1))).toBeNull();
    expect(keyToCommand(key('c', { metaKey: true }), ctx(1, { isMac: true }))).toEqual({ type: 'copy' });
    expect(keyToCommand(key('c', { ctrlKey: true }), ctx(1, { isMac: true }))).toBeNull();
    expect(keyToCommand(key('x'), ctx(1))).toBeNull();
  });
});
