import { describe, expect, it } from 'vitest';
import { makeLogRecord } from '../store/log-record.fixture';
import { Exposition } from './exposition';
import { parseExposition, total } from './exposition.fixture';
import type { Sample } from './exposition.fixture';
import { MAX_SERIES, OTHER, RequestMetrics } from './request-metrics';

function scrape(metrics: RequestMetrics): Sample[] {
  const out = new Exposition();
  metrics.write(out);
  return parseExposition(out.text());
}

describe('request metrics', () => {
  it('counts calls by route, provider, model, key, team, app, status and cache outcome', () => {
    const metrics = new RequestMetrics();
    metrics.observe(makeLogRecord({ team: 'ml' }));
    metrics.observe(makeLogRecord({ team: 'ml' }));
    metrics.observe(makeLogRecord({ status: 502, provider: 'anthropic', model: 'claude-sonnet-4-5', client: 'claude-cli/2.0.1 (external, cli)' }));
    metrics.observe(makeLogRecord({ cache: 'hit', provider: null, keyId: null, client: null, costUsd: 0, savedUsd: 0.004 }));
    const samples = scrape(metrics);
    expect(total(samples, 'switchboard_requests_total')).toBe(4);
    expect(total(samples, 'switchboard_requests_total', { route: 'workhorse', provider: 'openai', model: 'gpt-4o-mini', key: 'key_alice', team: 'ml', app: 'OpenAI SDK (JS)', status: '200', cache: '', endpoint: 'chat' })).toBe(2);
    expect(total(samples, 'switchboard_requests_total', { status: '502', provider: 'anthropic', app: 'Claude Code' })).toBe(1);
    expect(total(samples, 'switchboard_requests_total', { cache: 'hit', provider: '', key: '', app: 'Unknown' })).toBe(1);
  });

  it('sums tokens by type, cost and what cache hits saved', () => {
    const metrics = new RequestMetrics();
    metrics.observe(makeLogRecord({ inputTokens: 100, outputTokens: 20, cachedTokens: 40, reasoningTokens: 5, costUsd: 0.25 }));
    metrics.observe(makeLogRecord({ inputTokens: 50, outputTokens: 10, cacheWriteTokens: 7, costUsd: 0.5 }));
    metrics.observe(makeLogRecord({ cache: 'hit', inputTokens: 0, outputTokens: 0, costUsd: 0, savedUsd: 0.125 }));
    const samples = scrape(metrics);
    expect(total(samples, 'switchboard_tokens_total', { type: 'input' })).toBe(150);
    expect(total(samples, 'switchboard_tokens_total', { type: 'output' })).toBe(30);
    expect(total(samples, 'switchboard_tokens_total', { type: 'cached' })).toBe(40);
    expect(total(samples, 'switchboard_tokens_total', { type: 'cache_write' })).toBe(7);
    expect(total(samples, 'switchboard_tokens_total', { type: 'reasoning' })).toBe(5);
    expect(total(samples, 'switchboard_cost_usd_total', { route: 'workhorse', model: 'gpt-4o-mini' })).toBe(0.75);
    expect(total(samples, 'switchboard_cache_saved_usd_total')).toBe(0.125);
  });

  it('puts durations and first-token times in histogram buckets, in seconds, first tokens for streams only', () => {
    const metrics = new RequestMetrics();
    metrics.observe(makeLogRecord({ latencyMs: 80 }));
    metrics.observe(makeLogRecord({ latencyMs: 700, stream: true, ttftMs: 120 }));
    metrics.observe(makeLogRecord({ latencyMs: 400_000 }));
    const samples = scrape(metrics);
    const bucket = (name: string, le: string): number => total(samples, `${name}_bucket`, { le });
    expect(bucket('switchboard_request_duration_seconds', '0.1')).toBe(1);
    expect(bucket('switchboard_request_duration_seconds', '0.5')).toBe(1);
    expect(bucket('switchboard_request_duration_seconds', '1')).toBe(2);
    expect(bucket('switchboard_request_duration_seconds', '300')).toBe(2);
    expect(bucket('switchboard_request_duration_seconds', '+Inf')).toBe(3);
    expect(total(samples, 'switchboard_request_duration_seconds_count')).toBe(3);
    expect(total(samples, 'switchboard_request_duration_seconds_sum')).toBeCloseTo(400.78, 9);
    expect(bucket('switchboard_time_to_first_token_seconds', '0.1')).toBe(0);
    expect(bucket('switchboard_time_to_first_token_seconds', '0.25')).toBe(1);
    expect(total(samples, 'switchboard_time_to_first_token_seconds_count')).toBe(1);
  });

  it("puts the gateway's own overhead in sub-millisecond buckets, for answered calls only", () => {
    const metrics = new RequestMetrics();
    metrics.observe(makeLogRecord({ overheadMs: 0.3 }));
    metrics.observe(makeLogRecord({ overheadMs: 4 }));
    metrics.observe(makeLogRecord({ status: 502, overheadMs: null }));
    const samples = scrape(metrics);
    expect(total(samples, 'switchboard_overhead_seconds_bucket', { le: '0.0005' })).toBe(1);
    expect(total(samples, 'switchboard_overhead_seconds_bucket', { le: '0.005' })).toBe(2);
    expect(total(samples, 'switchboard_overhead_seconds_count')).toBe(2);
    expect(total(samples, 'switchboard_overhead_seconds_sum')).toBeCloseTo(0.0043, 9);
  });

  it('counts a duration exactly on a bound in that bound\'s bucket (Prometheus buckets are "less than or equal")', () => {
    const metrics = new RequestMetrics();
    metrics.observe(makeLogRecord({ latencyMs: 100 }));
    metrics.observe(makeLogRecord({ latencyMs: 100.01 }));
    const samples = scrape(metrics);
    expect(total(samples, 'switchboard_request_duration_seconds_bucket', { le: '0.1' })).toBe(1);
    expect(total(samples, 'switchboard_request_duration_seconds_bucket', { le: '0.25' })).toBe(2);
  });

  it('counts guardrail findings by detector type', () => {
    const metrics = new RequestMetrics();
    metrics.observe(makeLogRecord({ piiFindings: { email: 2, openai_key: 1 } }));
    metrics.observe(makeLogRecord({ piiFindings: { email: 1 } }));
    metrics.observe(makeLogRecord({ piiFindings: null }));
    const samples = scrape(metrics);
    expect(total(samples, 'switchboard_guardrail_findings_total', { type: 'email' })).toBe(3);
    expect(total(samples, 'switchboard_guardrail_findings_total', { type: 'openai_key' })).toBe(1);
  });

  it('writes no first-token histogram for a series that never streamed', () => {
    const metrics = new RequestMetrics();
    metrics.observe(makeLogRecord());
    expect(scrape(metrics).some((s) => s.name.startsWith('switchboard_time_to_first_token_seconds'))).toBe(false);
  });

  it('folds caller-named models and apps into (other) once a family is full, keeping every call counted', () => {
    const metrics = new RequestMetrics();
    const calls = MAX_SERIES + 50;
    for (let i = 0; i < calls; i++) metrics.observe(makeLogRecord({ route: '*', model: `made-up-${i}`, client: `agent-${i}/1.0`, costUsd: 1 }));
    const samples = scrape(metrics);
    expect(total(samples, 'switchboard_requests_total')).toBe(calls);
    expect(total(samples, 'switchboard_cost_usd_total')).toBe(calls);
    expect(samples.filter((s) => s.name === 'switchboard_requests_total')).toHaveLength(MAX_SERIES + 1);
    expect(total(samples, 'switchboard_requests_total', { model: OTHER, app: OTHER, route: '*' })).toBe(50);
    expect(total(samples, 'switchboard_request_duration_seconds_count', { model: OTHER })).toBe(50);
  });
});
