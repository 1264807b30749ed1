/**
 * A hand-made `window.thaw` for renderer unit tests.
 *
 * Each method answers from a queue or a function the test sets, and every
 * call is recorded, so tests drive the store through the same `ThawApi`
 * surface the app uses. Only used by `*.test.ts(x)`.
 */
import type { ThawApi } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/ipc/result';

type Answer = (input: unknown) => Promise<Result<unknown>> | Result<unknown>;

/** A fake API plus the knobs to drive it. */
export interface FakeThaw {
  api: ThawApi;
  /** Sets how `domain.method` answers. */
  answer(path: string, fn: Answer): void;
  /** Every call made, in order. */
  calls: Array<{ path: string; input: unknown }>;
  /** Delivers an event to the listeners `on` registered. */
  emit(event: string, payload: unknown): void;
  /** How many listeners are subscribed per event. */
  listenerCount(event: string): number;
}

/** Builds a fake with the given domains/methods; unanswered calls fail with `Internal`. */
export function createFakeThaw(methods: Record<string, string[]>): FakeThaw {
  const answers = new Map<string, Answer>();
  const calls: FakeThaw['calls'] = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const api: Record<string, unknown> = {};
  for (const [domain, names] of Object.entries(methods)) {
    const group: Record<string, (input?: unknown) => Promise<Result<unknown>>> = {};
    for (const name of names) {
      const path = `${domain}.${name}`;
      group[name] = async (input?: unknown) => {
        calls.push({ path, input });
        const fn = answers.get(path);
        if (!fn) return { ok: false, error: { code: 'Internal', message: `No answer set for ${path}.` } };
        return fn(input);
      };
    }
    api[domain] = group;
  }
  api.on = (event: string, listener: (p: unknown) => void) => {
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  };
  return {
    api: api as unknown as ThawApi,
    answer: (path, fn) => answers.set(path, fn),
    calls,
    emit: (event, payload) => listeners.get(event)?.forEach((l) => l(payload)),
    listenerCount: (event) => listeners.get(event)?.size ?? 0,
  };
}

/** A promise with its resolve function exposed, to hold a call open while a test looks at `loading`. */
export function deferred<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A manual scheduler standing in for setTimeout: `advance(ms)` runs what fell due. */
export function manualScheduler() {
  let now = 0;
  let seq = 0;
  const tasks = new Map<number, { at: number; fn: () => void }>();
  return {
    schedule(fn: () => void, ms: number) {
      const id = ++seq;
      tasks.set(id, { at: now + ms, fn });
      return () => void tasks.delete(id);
    },
    advance(ms: number) {
      now += ms;
      for (const [id, task] of [...tasks].sort((a, b) => a[1].at - b[1].at)) {
        if (task.at <= now && tasks.has(id)) {
          tasks.delete(id);
          task.fn();
        }
      }
    },
    pending: () => tasks.size,
  };
}
