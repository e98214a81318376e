import { describe, expect, it } from 'vitest';
import { limitCacheBreakpoints } from './cache-breakpoints';

const marked = (text: string, ttl?: string) => ({ type: 'text', text, cache_control: ttl === undefined ? { type: 'ephemeral' } : { type: 'ephemeral', ttl } });
const markers = (body: Record<string, unknown>): string[] =>
  JSON.stringify(body)
    .match(/"text":"[^"]*","cache_control":\{[^}]*\}/g)
    ?.map((m) => m.replace(/"text":"([^"]*)","cache_control":(.*)/, '$1 $2')) ?? [];

describe('Anthropic cache breakpoints in a translated body', () => {
  it('keeps the last four in prompt order (tools, system, messages), dropping the earliest', () => {
    const body = {
      tools: [{ name: 't', input_schema: {}, cache_control: { type: 'ephemeral' } }],
      system: [marked('s1'), marked('s2')],
      messages: [{ role: 'user', content: [marked('m1'), marked('m2'), { type: 'text', text: 'plain' }] }],
    };
    limitCacheBreakpoints(body);
    expect(body.tools[0]).not.toHaveProperty('cache_control');
    expect(markers(body)).toEqual(['s1 {"type":"ephemeral"}', 's2 {"type":"ephemeral"}', 'm1 {"type":"ephemeral"}', 'm2 {"type":"ephemeral"}']);
  });

  it('shortens a 1h marker that comes after a default one, which Anthropic refuses', () => {
    const body = { system: [marked('s', '1h')], messages: [{ role: 'user', content: [marked('a'), marked('b', '1h')] }] };
    limitCacheBreakpoints(body);
    expect(markers(body)).toEqual(['s {"type":"ephemeral","ttl":"1h"}', 'a {"type":"ephemeral"}', 'b {"type":"ephemeral"}']);
  });

  it('leaves a body of four or fewer, in a valid order, as it was', () => {
    const body = { system: [marked('s', '1h')], messages: [{ role: 'user', content: [marked('a', '1h'), marked('b')] }] };
    const before = JSON.stringify(body);
    limitCacheBreakpoints(body);
    expect(JSON.stringify(body)).toBe(before);
  });
});
