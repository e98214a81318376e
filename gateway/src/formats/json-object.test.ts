import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jsonObjectSchema } from './json-object';

const record = z.record(z.string(), z.unknown());

describe('jsonObjectSchema', () => {
  it('passes a JSON object through as it is', () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } } };
    expect(jsonObjectSchema.parse(schema)).toBe(schema);
  });

  it.each([[[]], [null], ['object'], [3], [undefined], [new Date(0)]])('refuses %j with the issue z.record would raise', (value) => {
    const ours = jsonObjectSchema.safeParse(value, { reportInput: true });
    const theirs = record.safeParse(value, { reportInput: true });
    expect(ours.success).toBe(false);
    expect(ours.error?.issues).toEqual(theirs.error?.issues);
  });
});
