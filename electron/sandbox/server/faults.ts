/**
 * Injected faults and latency, so every later feature can be tested against
 * the failures a real S3 link produces (issue #4, "Faults and latency").
 *
 * Rules match an S3 operation name (`GetObject`, `ListObjectsV2`, …) or all
 * operations, optionally only for one bucket, one key or keys under a
 * prefix (so a test can break a single object's GETs), and fire by
 * probability, for the next N matching requests, or both. The server asks the controller once per request (`decide`) and the
 * RestoreObject handler asks separately for the Expedited-capacity fault.
 *
 * Whether the operation ran matters to a client that retries: `reset`,
 * `internal-error` and `slowdown` answer instead of running it (nothing
 * changed), while `reset-mid-body` and `stall` break the answer of an
 * operation that has run. For an answer without a body (RestoreObject's 202,
 * DeleteObject's 204, any HEAD) `reset-mid-body` therefore resets before the
 * status: the state changed and the client never learns it, the "connection
 * dropped while issuing" case a retrying restore must survive (its retry sees
 * 409 RestoreAlreadyInProgress).
 */

/** What a rule does to a matching request. */
export type FaultKind =
  /** Adds `ms` (or a random delay in `ms`..`maxMs`) before the response. */
  | 'latency'
  /** 500 InternalError instead of running the operation. */
  | 'internal-error'
  /** 503 SlowDown instead of running the operation. */
  | 'slowdown'
  /** 503 GlacierExpeditedRetrievalNotAvailable, only for Expedited restores. */
  | 'expedited-unavailable'
  /** Connection reset before any byte of the response; the operation does not run. */
  | 'reset'
  /** The operation runs; then status, headers and half the body, and a connection reset (no status at all for a bodyless answer). */
  | 'reset-mid-body'
  /** The operation runs; then status, headers and half the body, and nothing for `ms` (default: until the client gives up). */
  | 'stall'
  /**
   * The operation runs; then status, the full Content-Length, half the body
   * and a clean close (FIN, no reset): the client sees a short body. A
   * bodyless answer is sent whole.
   */
  | 'truncate';

/** All fault kinds, for parsing and validation. */
export const FAULT_KINDS: readonly FaultKind[] = [
  'latency',
  'internal-error',
  'slowdown',
  'expedited-unavailable',
  'reset',
  'reset-mid-body',
  'stall',
  'truncate',
];

/** One injected fault. */
export interface FaultRule {
  kind: FaultKind;
  /** S3 operation name; undefined or `*` for every operation. */
  op?: string;
  /** Only requests to this bucket. */
  bucket?: string;
  /** Only requests for exactly this object key. */
  key?: string;
  /** Only requests whose object key (or listing prefix) starts with this. */
  keyPrefix?: string;
  /** Probability per matching request, 0..1 (default 1). */
  p?: number;
  /** Fire only for the next `count` matching requests (default: unlimited). */
  count?: number;
  /** Latency or stall duration in ms. */
  ms?: number;
  /** Upper bound of a random latency (`ms`..`maxMs`). */
  maxMs?: number;
}

/** What the server must do with one request. */
export interface FaultDecision {
  /** Extra delay before the response, in ms (rules plus the fixed latency). */
  delayMs: number;
  /** Answer with this error instead of running the operation. */
  error?: 'internal-error' | 'slowdown';
  /** Destroy the socket before writing anything. */
  resetBeforeResponse?: boolean;
  /** Break the body half way. */
  midBody?: { kind: 'reset' | 'stall' | 'truncate'; stallMs?: number };
}

/** What a request is about, for rules filtered by bucket and key. */
export interface FaultTarget {
  bucket?: string;
  /** The object key, or the prefix of a listing. */
  key?: string;
}

/** A live rule as the controller keeps it. */
export interface ActiveFault extends FaultRule {
  id: number;
  /** How many times it fired so far. */
  fired: number;
}

/** Adds, removes and evaluates fault rules; shared by the server, tests and the CLI. */
export interface FaultController {
  /** Fixed latency added to every request, in ms (`--latency`). */
  latencyMs: number;
  /** Adds a rule; returns its id. */
  add(rule: FaultRule): number;
  /** Adds every rule of a text spec (see `parseFaultSpec`); returns their ids. */
  addSpec(spec: string): number[];
  remove(id: number): void;
  /** Removes every rule (the fixed latency stays). */
  clear(): void;
  list(): ActiveFault[];
  /** Evaluates the rules for one request and consumes counts of those that fire. */
  decide(op: string, target?: FaultTarget): FaultDecision;
  /** True when an `expedited-unavailable` rule fires for this Expedited restore. */
  takeExpeditedUnavailable(op: string, target?: FaultTarget): boolean;
}

/** Options of `createFaultController`. */
export interface FaultControllerOptions {
  latencyMs?: number;
  rules?: FaultRule[];
  /** Random source in [0, 1); injectable so tests are deterministic. */
  random?: () => number;
}

/**
 * Parses a duration: `20`, `20ms`, `1.5s`, `2m`.
 *
 * Bare numbers are milliseconds. Throws on anything else.
 */
export function parseDurationMs(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new Error(`not a duration: "${text}"`);
  const n = Number(m[1]);
  const unit = m[2] ?? 'ms';
  return Math.round(n * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000));
}

/**
 * Parses the CLI fault spec into rules.
 *
 * Comma-separated rules, each `[Operation:]kind[:key=value]*`, keys `p`,
 * `count`, `ms` (a duration, or a range `10ms-50ms` for random latency),
 * `bucket`, `key` and `keyPrefix` (percent-decoded, so `%2C` and `%3A` stand
 * for a comma and a colon in a key).
 * Example: `GetObject:reset-mid-body:count=2,ListObjectsV2:slowdown:p=0.1,latency:ms=5-30,GetObject:truncate:keyPrefix=big/`.
 */
export function parseFaultSpec(spec: string): FaultRule[] {
  const rules: FaultRule[] = [];
  for (const raw of spec.split(',')) {
    const text = raw.trim();
    if (text === '') continue;
    const parts = text.split(':');
    let op: string | undefined;
    if (!FAULT_KINDS.includes(parts[0] as FaultKind)) op = parts.shift();
    const kind = parts.shift() as FaultKind | undefined;
    if (!kind || !FAULT_KINDS.includes(kind)) throw new Error(`unknown fault kind in "${text}" (kinds: ${FAULT_KINDS.join(', ')})`);
    const rule: FaultRule = { kind };
    if (op && op !== '*') rule.op = op;
    for (const param of parts) {
      const eq = param.indexOf('=');
      if (eq < 0) throw new Error(`expected key=value in "${text}"`);
      const key = param.slice(0, eq);
      const value = param.slice(eq + 1);
      if (key === 'p') {
        const p = Number(value);
        if (!(p >= 0 && p <= 1)) throw new Error(`p must be within 0..1 in "${text}"`);
        rule.p = p;
      } else if (key === 'count') {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1) throw new Error(`count must be a positive integer in "${text}"`);
        rule.count = n;
      } else if (key === 'ms') {
        const range = /^([^-]+)-([^-]+)$/.exec(value);
        if (range) {
          rule.ms = parseDurationMs(range[1]);
          rule.maxMs = parseDurationMs(range[2]);
        } else {
          rule.ms = parseDurationMs(value);
        }
      } else if (key === 'bucket' || key === 'key' || key === 'keyPrefix') {
        rule[key] = decodeParam(value, text);
      } else {
        throw new Error(`unknown fault parameter "${key}" in "${text}"`);
      }
    }
    rules.push(rule);
  }
  return rules;
}

function decodeParam(value: string, text: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new Error(`bad percent-encoding in "${text}"`);
  }
}

/** Whether a rule's bucket and key filters let a request through. */
function targets(rule: FaultRule, target: FaultTarget): boolean {
  if (rule.bucket !== undefined && rule.bucket !== target.bucket) return false;
  if (rule.key !== undefined && rule.key !== target.key) return false;
  if (rule.keyPrefix !== undefined && !(target.key ?? '').startsWith(rule.keyPrefix)) return false;
  return true;
}

/** Creates a controller with optional fixed latency and initial rules. */
export function createFaultController(options: FaultControllerOptions = {}): FaultController {
  const random = options.random ?? Math.random;
  let rules: ActiveFault[] = [];
  let nextId = 1;

  const matches = (rule: ActiveFault, op: string, target: FaultTarget) => (rule.op === undefined || rule.op === '*' || rule.op === op) && targets(rule, target);
  /** Whether a matching rule fires now; consumes one of its count when it does. */
  const fires = (rule: ActiveFault): boolean => {
    if (rule.count !== undefined && rule.fired >= rule.count) return false;
    if (rule.p !== undefined && rule.p < 1 && random() >= rule.p) return false;
    rule.fired += 1;
    return true;
  };

  const controller: FaultController = {
    latencyMs: options.latencyMs ?? 0,
    add(rule) {
      if (!FAULT_KINDS.includes(rule.kind)) throw new Error(`unknown fault kind ${String(rule.kind)}`);
      if (rule.key !== undefined && rule.keyPrefix !== undefined) throw new Error('a fault rule takes key or keyPrefix, not both');
      const id = nextId++;
      rules.push({ ...rule, id, fired: 0 });
      return id;
    },
    addSpec(spec) {
      return parseFaultSpec(spec).map((r) => controller.add(r));
    },
    remove(id) {
      rules = rules.filter((r) => r.id !== id);
    },
    clear() {
      rules = [];
    },
    list() {
      return rules.map((r) => ({ ...r }));
    },
    decide(op, target = {}) {
      const decision: FaultDecision = { delayMs: controller.latencyMs };
      for (const rule of rules) {
        if (!matches(rule, op, target) || rule.kind === 'expedited-unavailable') continue;
        if (rule.kind === 'latency') {
          if (!fires(rule)) continue;
          const min = rule.ms ?? 0;
          const max = rule.maxMs ?? min;
          decision.delayMs += min + (max > min ? random() * (max - min) : 0);
          continue;
        }
        // Only one failure per request: the first rule that fires wins.
        if (decision.error || decision.resetBeforeResponse || decision.midBody) continue;
        if (!fires(rule)) continue;
        if (rule.kind === 'internal-error' || rule.kind === 'slowdown') decision.error = rule.kind;
        else if (rule.kind === 'reset') decision.resetBeforeResponse = true;
        else if (rule.kind === 'reset-mid-body') decision.midBody = { kind: 'reset' };
        else if (rule.kind === 'truncate') decision.midBody = { kind: 'truncate' };
        else decision.midBody = { kind: 'stall', stallMs: rule.ms };
      }
      return decision;
    },
    takeExpeditedUnavailable(op, target = {}) {
      for (const rule of rules) {
        if (rule.kind === 'expedited-unavailable' && matches(rule, op, target) && fires(rule)) return true;
      }
      return false;
    },
  };
  for (const rule of options.rules ?? []) controller.add(rule);
  return controller;
}
