/** The fuzz generator itself: it must find holes in lax schemas, or the channel fuzz proves nothing. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HUGE_STRING, malformedInputs, validExample } from './fuzz-cases';

const acceptedBy = (schema: z.ZodType, valid: unknown) =>
  malformedInputs(schema, valid)
    .filter((c) => c.args.length === 1 && schema.safeParse(c.args[0]).success)
    .map((c) => c.label);

describe('validExample', () => {
  it('builds minimal inputs for nested, enum, number, array and refined schemas', () => {
    const schema = z.strictObject({
      id: z.string().min(1).max(10),
      tier: z.enum(['Bulk', 'Standard']),
      days: z.number().int().min(1).max(30),
      keys: z.array(z.string().max(5)).min(2).max(3),
      nested: z.strictObject({ flag: z.boolean(), note: z.string().max(9).optional() }),
      bucket: z.string().refine((s) => s.length >= 3 && s.length <= 63),
    });
    const found = validExample(schema);
    expect(found).toBeDefined();
    expect(schema.safeParse(found!.value).success).toBe(true);
    expect(found!.value).not.toHaveProperty('nested.note');
  });

  it('admits defeat rather than returning an invalid value', () => {
    expect(validExample(z.strictObject({ key: z.string().regex(/^zz-\d{7}$/) }))).toBeUndefined();
  });
});

describe('malformedInputs', () => {
  it('finds every hole in a lax schema (non-strict object, unbounded string, loose nested object)', () => {
    const lax = z.object({ name: z.string(), inner: z.object({ n: z.number() }) });
    const accepted = acceptedBy(lax, { name: 'a', inner: { n: 1 } });
    expect(accepted).toEqual(
      expect.arrayContaining([
        'an extra field',
        'an extra 10 MB field',
        'a __proto__ key',
        'a constructor key',
        'a prototype key',
        'a 10 MB string at name',
        'an extra field at inner',
      ]),
    );
  });

  it('finds nothing to accept in a strict, bounded schema', () => {
    const strict = z.strictObject({ name: z.string().max(100), inner: z.strictObject({ n: z.number() }), tags: z.array(z.string().max(5)).max(3) });
    expect(acceptedBy(strict, { name: 'a', inner: { n: 1 }, tags: [] })).toEqual([]);
  });

  it('covers wrong types, missing fields, two arguments and a 10 MB string', () => {
    const schema = z.strictObject({ a: z.string().max(3), b: z.number() });
    const cases = malformedInputs(schema, { a: 'x', b: 1 });
    const labels = cases.map((c) => c.label);
    expect(labels).toEqual(expect.arrayContaining(['missing field a', 'missing field b', 'a string at b', 'a number at a', 'two arguments', 'null']));
    expect(cases.some((c) => c.args.length === 1 && c.args[0] === HUGE_STRING)).toBe(true);
    expect(HUGE_STRING.length).toBe(10 * 1024 * 1024);
    // A __proto__ case must carry an own "__proto__" key, not a changed prototype.
    const proto = cases.find((c) => c.label === 'a __proto__ key')!.args[0] as object;
    expect(Object.hasOwn(proto, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
  });
});
