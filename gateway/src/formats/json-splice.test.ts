import { describe, expect, it } from 'vitest';
import { spliceMembers } from './json-splice';

const MODEL = { model: JSON.stringify('claude-sonnet-4-5') };

describe('spliceMembers', () => {
  it('replaces one member and leaves every other byte as it was', () => {
    const text = '{ "model" : "fast",\n  "max_tokens": 1.0, "id": 12345678901234567890, "messages": [{"role":"user","content":"hi"}] }';
    expect(spliceMembers(text, MODEL)).toBe('{ "model" : "claude-sonnet-4-5",\n  "max_tokens": 1.0, "id": 12345678901234567890, "messages": [{"role":"user","content":"hi"}] }');
  });

  it('is not fooled by keys and brackets inside strings or nested values', () => {
    const text = String.raw`{"messages":[{"content":"say \"model\": {[}] \\"},{"model":"inner"}],"x":{"model":{"a":[1,"]"]}},"model":"fast","tail":null}`;
    const out = spliceMembers(text, MODEL) as string;
    expect(JSON.parse(out)).toEqual({ ...(JSON.parse(text) as object), model: 'claude-sonnet-4-5' });
    expect(out.replace('"claude-sonnet-4-5"', '"fast"')).toBe(text);
  });

  it('replaces every occurrence of a repeated key (JSON.parse keeps the last) and escaped spellings of it', () => {
    expect(JSON.parse(spliceMembers('{"model":"a","n":1,"model":"b"}', MODEL) as string)).toEqual({ model: 'claude-sonnet-4-5', n: 1 });
    expect(spliceMembers('{"mod\\u0065l":"a"}', MODEL)).toBe('{"mod\\u0065l":"claude-sonnet-4-5"}');
  });

  it('appends what the object lacks', () => {
    expect(spliceMembers('{"model":"a"}', { model: '"b"', stream_options: '{"include_usage":true}' })).toBe('{"model":"b","stream_options":{"include_usage":true}}');
    expect(spliceMembers(' {  } ', MODEL)).toBe(' {  "model":"claude-sonnet-4-5"} ');
  });

  it('gives up on anything but an object', () => {
    expect(spliceMembers('[1,2]', MODEL)).toBeUndefined();
    expect(spliceMembers('"model"', MODEL)).toBeUndefined();
  });

  it('agrees with JSON.parse on random documents in any layout', () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const value = (depth: number): unknown => {
      const pick = Math.floor(random() * (depth > 3 ? 4 : 6));
      if (pick === 0) return Math.floor(random() * 1e6) / 100;
      if (pick === 1) return ['', 'a"b', 'x\\', '}{][', 'mod\u00e9l', '\n\t'][Math.floor(random() * 6)];
      if (pick === 2) return [true, false, null][Math.floor(random() * 3)];
      if (pick === 3) return -Math.floor(random() * 1e9);
      if (pick === 4) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, (_, k) => [k % 2 ? 'model' : `k${k}"`, value(depth + 1)]));
    };
    for (let run = 0; run < 300; run++) {
      const doc = value(0);
      const object = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? doc : { doc };
      const text = JSON.stringify(object, null, run % 3 === 0 ? undefined : run % 3);
      expect(JSON.parse(spliceMembers(text, MODEL) as string)).toEqual({ ...object, model: 'claude-sonnet-4-5' });
    }
  });
});

describe('spliceMembers on text JSON.parse would refuse', () => {
  it('gives up rather than loop', () => {
    expect(spliceMembers('{"model":"a"', MODEL)).toBeUndefined();
    expect(spliceMembers('{"model":"a', MODEL)).toBeUndefined();
  });
});
