/**
 * The lifecycle every piece of background work shares: an id, an abort
 * signal, cancel-and-wait, a terminal step that runs once, retention, and
 * cancel-everything on dispose.
 *
 * Policy stays with the kind: a listing gives way to a newer listing
 * (`maxLive`), while restores and transfers run side by side and are never
 * evicted. "Cancelled" means nothing of the task is still running:
 * `cancel` resolves once its body has returned (or after a bound, so a
 * stuck socket cannot hang the caller).
 */
import { randomUUID } from 'node:crypto';

/** One running (or recently finished) task. */
export interface Task {
  readonly id: string;
  readonly signal: AbortSignal;
  /** True once `end` ran: nothing more may be reported for this task. */
  readonly ended: boolean;
  /** True once `cancel` was asked for (the body may still be winding down). */
  readonly cancelRequested: boolean;
  /**
   * Runs `report` if no terminal report ran yet and marks the task ended.
   *
   * Returns whether it ran, so a late success cannot follow a cancellation.
   */
  end(report: () => void): boolean;
}

/** Options of a task set. */
export interface TaskSetOptions {
  /** At most this many unended tasks; starting one more cancels the oldest (listing's policy). Unlimited by default. */
  maxLive?: number;
  /** How long a finished task is remembered, so a late cancel answers "not running" rather than "unknown". */
  retainMs?: number;
  /** How long `cancel` waits for the body to return. */
  cancelWaitMs?: number;
}

interface Entry extends Task {
  controller: AbortController;
  finished: Promise<void>;
  ended: boolean;
  cancelRequested: boolean;
}

/** A set of tasks of one kind. */
export class TaskSet {
  private readonly tasks = new Map<string, Entry>();

  constructor(private readonly options: TaskSetOptions = {}) {}

  /**
   * Starts `body` as a task and returns it at once.
   *
   * `body` gets the task (its signal, its `end`); whatever it throws is
   * swallowed here — bodies report their own outcome through `end`.
   */
  start(body: (task: Task) => Promise<void>, id: string = randomUUID()): Task {
    const max = this.options.maxLive;
    if (max !== undefined) {
      const live = [...this.tasks.values()].filter((t) => !t.ended);
      for (const old of live.slice(0, Math.max(0, live.length - max + 1))) void this.cancel(old.id);
    }
    const controller = new AbortController();
    const entry: Entry = {
      id,
      controller,
      signal: controller.signal,
      finished: Promise.resolve(),
      ended: false,
      cancelRequested: false,
      end(report) {
        if (entry.ended) return false;
        entry.ended = true;
        report();
        return true;
      },
    };
    this.tasks.set(id, entry);
    entry.finished = (async () => {
      try {
        await body(entry);
      } catch {
        // The body reports its own failures; an escaped error must not become an unhandled rejection.
      } finally {
        setTimeout(() => {
          if (this.tasks.get(id) === entry) this.tasks.delete(id);
        }, this.options.retainMs ?? 60_000).unref();
      }
    })();
    return entry;
  }

  /** True when the task was running: aborts it and resolves once its body returned. */
  async cancel(id: string): Promise<boolean> {
    const task = this.tasks.get(id);
    if (!task || task.ended) return false;
    task.cancelRequested = true;
    task.controller.abort();
    await Promise.race([task.finished, new Promise((r) => setTimeout(r, this.options.cancelWaitMs ?? 5_000).unref())]);
    return true;
  }

  /** Whether a task with this id is known (running or recently finished). */
  has(id: string): boolean {
    return this.tasks.has(id);
  }

  /** Waits until the task's body returned (immediately for unknown ids). */
  async settled(id: string): Promise<void> {
    await this.tasks.get(id)?.finished;
  }

  /** Cancels every task and waits for all of them. */
  async cancelAll(): Promise<void> {
    await Promise.all([...this.tasks.keys()].map((id) => this.cancel(id)));
  }

  /** Tasks not ended yet. */
  get live(): number {
    let n = 0;
    for (const t of this.tasks.values()) if (!t.ended) n++;
    return n;
  }
}
