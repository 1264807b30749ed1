/**
 * Multi-selection over a row store, as a file manager does it.
 *
 * Selected rows are bits in a byte-per-row map (1 MB at a million rows, and
 * Ctrl+A costs no allocation per row). Anchor and focus are row indices, so
 * they survive re-sorting and filtering; ranges are taken in the current
 * view's order, which is what the user sees.
 */

/** Modifier keys that change what a click does. */
export interface ClickMods {
  /** Shift: extend from the anchor. */
  range: boolean;
  /** Ctrl (Windows/Linux) or Cmd (macOS): toggle one row / add a range. */
  toggle: boolean;
}

/** Which rows are selected, plus the anchor and focus rows. */
export class Selection {
  private bits = new Uint8Array(0);
  private n = 0;
  /** Row the next shift-range starts from (-1: none). */
  anchor = -1;
  /** Row with the keyboard focus (-1: none). */
  focus = -1;

  /** How many rows are selected. */
  get size(): number {
    return this.n;
  }

  /** Whether row `row` is selected. */
  has(row: number): boolean {
    return this.bits[row] === 1;
  }

  /** Drops every selected row, the anchor and the focus. */
  reset(): void {
    this.bits = new Uint8Array(0);
    this.n = 0;
    this.anchor = -1;
    this.focus = -1;
  }

  /** Deselects every row but keeps anchor and focus. */
  clear(): void {
    this.bits.fill(0);
    this.n = 0;
  }

  /** Applies a click on the row at view position `pos`. */
  click(view: Uint32Array, pos: number, mods: ClickMods): void {
    const row = view[pos];
    if (row === undefined) return;
    if (mods.range && this.anchor >= 0) {
      const from = view.indexOf(this.anchor);
      if (!mods.toggle) this.clear();
      this.setRange(view, from >= 0 ? from : pos, pos);
      this.focus = row;
      return;
    }
    if (mods.toggle) {
      this.set(row, !this.has(row));
    } else {
      this.clear();
      this.set(row, true);
    }
    this.anchor = row;
    this.focus = row;
  }

  /** Moves the focus to view position `pos`; `extend` (Shift) selects the range from the anchor. */
  moveTo(view: Uint32Array, pos: number, extend: boolean): void {
    const clampedPos = Math.min(Math.max(0, pos), view.length - 1);
    if (clampedPos < 0) return;
    this.click(view, clampedPos, { range: extend, toggle: false });
  }

  /** Selects every row of the view (Ctrl/Cmd+A selects all loaded rows). */
  selectAll(view: Uint32Array): void {
    this.setRange(view, 0, view.length - 1);
    if (this.focus < 0 && view.length > 0) this.focus = this.anchor = view[0] as number;
  }

  /** Selected rows in view order (what Copy URI copies, in the order shown). */
  inView(view: Uint32Array): number[] {
    const out: number[] = [];
    if (this.n === 0) return out;
    for (let j = 0; j < view.length; j++) {
      const row = view[j] as number;
      if (this.bits[row] === 1) out.push(row);
    }
    return out;
  }

  /** Selected rows in row order, including any hidden by the current filter. */
  all(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.bits.length && out.length < this.n; i++) if (this.bits[i] === 1) out.push(i);
    return out;
  }

  /** Position of the focus row in `view`, or -1. */
  focusIn(view: Uint32Array): number {
    return this.focus < 0 ? -1 : view.indexOf(this.focus);
  }

  private setRange(view: Uint32Array, a: number, b: number): void {
    const lo = Math.max(0, Math.min(a, b));
    const hi = Math.min(view.length - 1, Math.max(a, b));
    for (let j = lo; j <= hi; j++) this.set(view[j] as number, true);
  }

  private set(row: number, on: boolean): void {
    if (row >= this.bits.length) {
      if (!on) return;
      const next = new Uint8Array(Math.max(row + 1, Math.ceil(this.bits.length * 1.5), 1024));
      next.set(this.bits);
      this.bits = next;
    }
    const was = this.bits[row] === 1;
    if (was === on) return;
    this.bits[row] = on ? 1 : 0;
    this.n += on ? 1 : -1;
  }
}
