/**
 * Malformed inputs for every contract call, generated from its zod schema.
 *
 * `validExample(schema)` builds the smallest input the schema accepts;
 * `malformedInputs(schema, valid)` derives inputs that must be refused: wrong
 * top-level shapes, a missing input, two arguments, extra and prototype-
 * pollution keys on every object, every required field removed, and every
 * field given each wrong type and a 10 MB string. A channel added to the
 * contract later is covered without touching the tests; if its schema is too
 * clever for the generator, `EXAMPLE_OVERRIDES` must name a valid input.
 */
import type { z } from 'zod';

/** A list of arguments as `ipcRenderer.invoke(channel, ...args)` would send them. */
export interface FuzzCase {
  label: string;
  args: unknown[];
}

/** Valid inputs for channels whose schema the generator cannot satisfy on its own. */
export const EXAMPLE_OVERRIDES: Record<string, unknown> = {
  // The plan needs at least one prefix or key (a refinement the generator cannot see).
  'restore:plan': { requestId: 'r', connectionId: 'sandbox', bucket: 'b', prefixes: ['data/'] },
  // Likewise: a download or an operation needs something selected, copy/move a target, a class change a class.
  'transfers:plan-download': { connectionId: 'sandbox', bucket: 'b', prefixes: ['data/'] },
  'objects:plan-operation': { op: 'delete', connectionId: 'sandbox', bucket: 'b', prefixes: ['data/'] },
  // Metadata names follow a pattern the generator does not produce.
  'objects:update-metadata': { connectionId: 'sandbox', bucket: 'b', key: 'k', metadata: { 'sample-count': '10' } },
};

/** A 10 MB string, built once. */
export const HUGE_STRING = 'x'.repeat(10 * 1024 * 1024);

type Def = { type: string; [key: string]: unknown };
type Schema = z.ZodType & { _zod: { def: Def; optin?: string; bag?: Record<string, unknown> } };

const def = (s: z.ZodType): Def => (s as Schema)._zod.def;
const isOptionalIn = (s: z.ZodType): boolean => (s as Schema)._zod.optin !== undefined;
const accepts = (s: z.ZodType, v: unknown): boolean => s.safeParse(v).success;

const STRING_CANDIDATES = [
  'thaw-example',
  'a',
  'abc',
  'example/key.txt',
  'us-east-1',
  'https://example.com/',
  'a@example.com',
  '00000000-0000-4000-8000-000000000000',
  new Date(0).toISOString(),
  '2026-01-01',
  'STANDARD',
];
const NUMBER_CANDIDATES = [0, 1, 2, 7, 10, 100, 1000, -1, 0.5];

/** Object shape of an object schema (after unwrapping), or undefined. */
export function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  const inner = unwrap(schema);
  const d = def(inner);
  return d.type === 'object' ? (d.shape as Record<string, z.ZodType>) : undefined;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    const d = def(s);
    if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(d.type)) {
      s = d.innerType as z.ZodType;
    } else if (d.type === 'pipe') {
      s = d.in as z.ZodType;
    } else {
      return s;
    }
  }
}

/** The smallest value `schema` accepts, or undefined when the generator cannot find one. */
export function validExample(schema: z.ZodType): { value: unknown } | undefined {
  const found = generate(schema);
  return found && accepts(schema, found.value) ? found : undefined;
}

function generate(schema: z.ZodType): { value: unknown } | undefined {
  const inner = unwrap(schema);
  const d = def(inner);
  const firstAccepted = (candidates: unknown[]) => {
    const hit = candidates.find((c) => accepts(schema, c));
    return hit === undefined ? undefined : { value: hit };
  };
  switch (d.type) {
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(d.shape as Record<string, z.ZodType>)) {
        if (isOptionalIn(prop)) continue;
        const sub = generate(prop);
        if (!sub) return undefined;
        value[key] = sub.value;
      }
      return { value };
    }
    case 'string': {
      const bag = (inner as Schema)._zod.bag ?? {};
      const min = typeof bag.minimum === 'number' ? bag.minimum : 0;
      return firstAccepted([...STRING_CANDIDATES, 'a'.repeat(Math.max(min, 1)), 'a'.repeat(Math.max(min, 1)).padEnd(3, '0')]);
    }
    case 'number':
    case 'int':
      return firstAccepted(NUMBER_CANDIDATES);
    case 'boolean':
      return { value: false };
    case 'null':
      return { value: null };
    case 'enum':
      return { value: Object.values(d.entries as Record<string, unknown>)[0] };
    case 'literal':
      return { value: (d.values as unknown[])[0] };
    case 'array': {
      if (accepts(inner, [])) return { value: [] };
      const element = generate(d.element as z.ZodType);
      if (!element) return undefined;
      const items = [element.value];
      while (items.length < 1000 && !accepts(inner, items)) items.push(element.value);
      return { value: items };
    }
    case 'union': {
      for (const option of d.options as z.ZodType[]) {
        const sub = generate(option);
        if (sub && accepts(option, sub.value)) return sub;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Every value type a wrong-type mutation tries; those the field's own schema accepts are skipped. */
const WRONG_TYPES: Array<[string, unknown]> = [
  ['a string', 'x'],
  ['a number', 42],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['a fraction', 1.5],
  ['a negative number', -1],
  ['a boolean', true],
  ['null', null],
  ['an object', {}],
  ['an array', []],
  ['an array of strings', ['x']],
];

function setAt(root: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string, ...string[]];
  const copy = { ...(root as Record<string, unknown>) };
  copy[head] = setAt(copy[head], rest, value);
  return copy;
}

function withoutKey(obj: unknown, key: string): unknown {
  const copy = { ...(obj as Record<string, unknown>) };
  delete copy[key];
  return copy;
}

function protoPayloads(obj: Record<string, unknown>): Array<[string, unknown]> {
  // JSON.parse makes "__proto__" an own key, as it arrives after structured cloning; spreading keeps it own.
  return [
    ['a __proto__ key', { ...JSON.parse('{"__proto__":{"polluted":true,"isAdmin":true}}'), ...obj }],
    ['a constructor key', { ...obj, constructor: { prototype: { polluted: true } } }],
    ['a prototype key', { ...obj, prototype: { polluted: true } }],
  ];
}

/** Inputs that must be refused for a call whose valid minimal input is `valid`. */
export function malformedInputs(schema: z.ZodType, valid: unknown): FuzzCase[] {
  const cases: FuzzCase[] = [
    { label: 'null', args: [null] },
    { label: 'a number', args: [42] },
    { label: 'a string', args: ['x'] },
    { label: 'a 10 MB string', args: [HUGE_STRING] },
    { label: 'a boolean', args: [true] },
    { label: 'an array', args: [[]] },
    { label: 'the valid input inside an array', args: [[valid]] },
    { label: 'two arguments', args: [valid, valid] },
    { label: 'two arguments, the second a 10 MB string', args: [valid, HUGE_STRING] },
  ];
  if (objectShape(schema) && Object.keys(valid as object).length > 0) cases.push({ label: 'no argument', args: [] });
  walk(schema, valid, [], valid, cases);
  return cases;
}

function walk(schema: z.ZodType, value: unknown, path: string[], root: unknown, cases: FuzzCase[]): void {
  const at = path.length ? ` at ${path.join('.')}` : '';
  const inner = unwrap(schema);
  const d = def(inner);
  if (d.type === 'object') {
    const obj = (value ?? {}) as Record<string, unknown>;
    cases.push({ label: `an extra field${at}`, args: [setAt(root, path, { ...obj, thawUnexpectedField: 1 })] });
    cases.push({ label: `an extra 10 MB field${at}`, args: [setAt(root, path, { ...obj, thawUnexpectedField: HUGE_STRING })] });
    for (const [label, payload] of protoPayloads(obj)) cases.push({ label: `${label}${at}`, args: [setAt(root, path, payload)] });
    for (const [key, prop] of Object.entries(d.shape as Record<string, z.ZodType>)) {
      if (!isOptionalIn(prop)) {
        cases.push({ label: `missing field ${[...path, key].join('.')}`, args: [setAt(root, path, withoutKey(obj, key))] });
      }
      const present = key in obj ? { value: obj[key] } : generate(prop);
      if (present) walk(prop, present.value, [...path, key], root, cases);
    }
    return;
  }
  if (path.length === 0) return;
  for (const [label, wrong] of WRONG_TYPES) {
    if (accepts(schema, wrong)) continue;
    cases.push({ label: `${label}${at}`, args: [setAt(root, path, wrong)] });
  }
  // Always tried for fields that take text: every string in the contract must carry a length limit.
  if (d.type === 'string' || d.type === 'enum' || d.type === 'literal' || accepts(schema, 'x')) {
    cases.push({ label: `a 10 MB string${at}`, args: [setAt(root, path, HUGE_STRING)] });
  }
  if (d.type === 'array') {
    const element = generate(d.element as z.ZodType);
    if (element) {
      const wrongElement = { thawWrong: true };
      if (!accepts(d.element as z.ZodType, wrongElement)) {
        cases.push({ label: `an array holding a wrong type${at}`, args: [setAt(root, path, [wrongElement])] });
      }
      cases.push({ label: `an array holding a 10 MB string${at}`, args: [setAt(root, path, [HUGE_STRING])] });
    }
  }
}
