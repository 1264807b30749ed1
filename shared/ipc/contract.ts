/**
 * The one IPC contract between renderer and main.
 *
 * Every renderer→main call (`calls`) and main→renderer event (`events`) is
 * declared in a domain file and merged here. The main side registers exactly
 * these calls, the preload exposes exactly these methods, and the renderer
 * takes its types from here. Add a channel by adding it to a domain file and
 * spreading that file's map below.
 */
import type { z } from 'zod';
import { appCalls, clipboardCalls } from './app';
import { browseCalls, browseEvents } from './browse';
import { bucketCalls } from './buckets';
import { activityCalls } from './activity';
import { connectionCalls } from './connections';
import type { CallDef, EventDef } from './define';
import { jobCalls, jobEvents } from './jobs';
import { objectCalls } from './objects';
import { restoreCalls, restoreEvents } from './restore';
import { settingsCalls } from './settings';
import { transferCalls } from './transfers';
import type { Result } from './result';

/** Renderer → main calls, keyed `domain:verb`. */
export const calls = {
  ...appCalls,
  ...clipboardCalls,
  ...connectionCalls,
  ...bucketCalls,
  ...browseCalls,
  ...jobCalls,
  ...restoreCalls,
  ...transferCalls,
  ...objectCalls,
  ...activityCalls,
  ...settingsCalls,
} as const;

/** Main → renderer events, keyed `domain:event`. */
export const events = {
  ...browseEvents,
  ...jobEvents,
  ...restoreEvents,
} as const satisfies Record<string, EventDef<unknown>>;

export type Calls = typeof calls;
export type Events = typeof events;
export type CallName = keyof Calls & string;
export type EventName = keyof Events & string;

/** The input a call accepts (before defaults are applied). */
export type CallInput<C extends CallName> = z.input<Calls[C]['input']>;
/** The input a handler receives (after parsing). */
export type ParsedInput<C extends CallName> = z.output<Calls[C]['input']>;
/** What a call resolves to on success. */
export type CallOutput<C extends CallName> = Calls[C] extends CallDef<z.ZodType, infer O> ? O : never;
/** The payload of an event. */
export type EventPayload<E extends EventName> = Events[E] extends EventDef<infer P> ? P : never;

/** Names of every call, in declaration order. */
export const callNames = Object.keys(calls) as CallName[];
/** Names of every event, in declaration order. */
export const eventNames = Object.keys(events) as EventName[];

type Domain<C extends string> = C extends `${infer D}:${string}` ? D : never;
type Verb<C extends string> = C extends `${string}:${infer V}` ? V : never;
type Camel<S extends string> = S extends `${infer A}-${infer B}` ? `${A}${Capitalize<Camel<B>>}` : S;

/** `connections:list` → `['connections', 'list']`; `jobs:start-restore` → `['jobs', 'startRestore']`. */
export function methodPath(channel: string): [string, string] {
  const [domain, verb] = channel.split(':') as [string, string];
  return [domain, verb.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())];
}

/** The shape of `window.thaw`: one method per call, grouped by domain, plus `on`. */
export type ThawApi = {
  [D in Domain<CallName>]: {
    [C in CallName as C extends `${D}:${string}` ? Camel<Verb<C>> : never]: (
      ...args: Record<string, never> extends CallInput<C> ? [input?: CallInput<C>] : [input: CallInput<C>]
    ) => Promise<Result<CallOutput<C>>>;
  };
} & {
  /** Subscribes to a main→renderer event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};
