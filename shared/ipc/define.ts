/**
 * Helpers to declare channels.
 *
 * A call pairs a runtime input schema (zod) with a compile-time output type;
 * an event carries only a compile-time payload type. Both are plain objects so
 * the preload and the main side can enumerate channel names at run time.
 */
import type { z } from 'zod';

/** A renderer→main call: validated input, typed output. */
export interface CallDef<I extends z.ZodType, O> {
  readonly input: I;
  /** Phantom: never read at run time. */
  readonly output?: O;
}

/** A main→renderer event with a typed payload. */
export interface EventDef<P> {
  readonly kind: 'event';
  /** Phantom: never read at run time. */
  readonly payload?: P;
}

/** Declares a call; usage: `call<Output>()(inputSchema)`. */
export const call =
  <O>() =>
  <I extends z.ZodType>(input: I): CallDef<I, O> => ({ input });

/** Declares an event; usage: `event<Payload>()`. */
export const event = <P>(): EventDef<P> => ({ kind: 'event' });
