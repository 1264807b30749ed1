/**
 * Releases the output of parallel key ranges in key order.
 *
 * Each range lister owns a slot; slots form a list in key order and a range
 * that is split gets its new sub-ranges inserted right after it. Output of
 * the first unfinished slot (the head) goes out at once, so the first rows of
 * a listing are never held back; output of later slots waits until every
 * slot before them has finished. The table can then stay sorted by name
 * without sorting anything.
 */

/** One range's place in the order. Opaque to callers. */
export interface Slot<T> {
  /** Output held until this slot becomes the head. */
  readonly buffered: T[];
  readonly finished: boolean;
}

interface MutableSlot<T> extends Slot<T> {
  buffered: T[];
  finished: boolean;
  next?: MutableSlot<T>;
}

/** In-order release of items pushed by out-of-order producers. */
export class OrderedEmitter<T> {
  private head: MutableSlot<T> | undefined;
  private held = 0;

  /** `emit` receives items in slot order, each slot's items in push order. */
  constructor(private readonly emit: (item: T) => void) {}

  /** The first slot; call once. */
  root(): Slot<T> {
    if (this.head) throw new Error('OrderedEmitter already has a root slot.');
    this.head = { buffered: [], finished: false };
    return this.head;
  }

  /** Inserts `count` new slots right after `slot`, in order, and returns them. */
  insertAfter(slot: Slot<T>, count: number): Slot<T>[] {
    const at = slot as MutableSlot<T>;
    if (at.finished) throw new Error('Cannot split a finished slot.');
    const created: MutableSlot<T>[] = [];
    let prev = at;
    for (let i = 0; i < count; i++) {
      const s: MutableSlot<T> = { buffered: [], finished: false, next: prev.next };
      prev.next = s;
      prev = s;
      created.push(s);
    }
    return created;
  }

  /** Adds an item to a slot: emitted now when the slot is the head, else held. */
  push(slot: Slot<T>, item: T): void {
    const s = slot as MutableSlot<T>;
    if (s.finished) throw new Error('Cannot push to a finished slot.');
    if (s === this.head) this.emit(item);
    else {
      s.buffered.push(item);
      this.held++;
    }
  }

  /** Marks a slot complete; when it is the head, releases every following slot that can go. */
  finish(slot: Slot<T>): void {
    const s = slot as MutableSlot<T>;
    if (s.finished) return;
    s.finished = true;
    while (this.head && this.head.finished) {
      this.head = this.head.next;
      if (!this.head) break;
      const items = this.head.buffered;
      this.head.buffered = [];
      this.held -= items.length;
      for (const item of items) this.emit(item);
    }
  }

  /** Items waiting behind an unfinished earlier slot. */
  get heldCount(): number {
    return this.held;
  }

  /** True once every slot has finished. */
  get complete(): boolean {
    return this.head === undefined;
  }
}
