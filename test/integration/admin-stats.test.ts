import { request } from 'node:http';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BudgetsDto, CacheStatsDto, CreatedKeyDto, LogPageDto, LogRowDto, OverviewDto, SpendDto, TimeseriesDto, TryResultDto } from '../../gateway/src/admin/api-types';
import { startAdminHarness } from './admin-client';
import type { AdminHarness } from './admin-client';
import { eventually, standardConfig } from './harness';

// gpt-4o-mini: $0.15 input and $0.60 output per million tokens.
const COST_EACH = (1000 * 0.15 + 500 * 0.6) / 1e6;

describe('admin API: logs and stats after known requests', () => {
  let a: AdminHarness;
  const ids: string[] = [];
  beforeAll(async () => {
    a = await startAdminHarness({ config: (fakes) => `${standardConfig(fakes)}budgets:\n  global: { monthlyUsd: 100 }\n` });
    const client = new OpenAI({ baseURL: `${a.h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
    for (let i = 0; i < 5; i++) {
      a.h.openai.enqueue({ kind: 'reply', usage: { inputTokens: 1000, outputTokens: 500 } });
      const { response } = await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: `call ${i}` }] }).withResponse();
      ids.push(response.headers.get('x-switchboard-request-id') ?? '');
    }
    a.h.openai.enqueue({ kind: 'error', status: 500, message: 'upstream exploded' });
    await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'fails' }] }).catch(() => undefined);
  });
  afterAll(() => a.close());

  it('pages through the log newest first with a cursor, and filters', async () => {
    const seen: LogRowDto[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/logs?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page: LogPageDto = (await a.admin.call<LogPageDto>('GET', query)).body;
      seen.push(...page.rows);
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null);
    expect(pages).toBe(2);
    expect(seen).toHaveLength(6);
    expect(new Set(seen.map((r) => r.id)).size).toBe(6);
    expect(seen[0]?.status).toBeGreaterThanOrEqual(500);
    expect(seen.map((r) => r.ts)).toEqual([...seen.map((r) => r.ts)].sort((x, y) => y - x));

    const errors = (await a.admin.call<LogPageDto>('GET', '/logs?status=error')).body;
    expect(errors.rows).toHaveLength(1);
    expect(errors.rows[0]?.errorMessage).toContain('upstream exploded');
    expect((await a.admin.call<LogPageDto>('GET', '/logs?text=nothing-matches')).body.rows).toEqual([]);
    expect((await a.admin.call('GET', '/logs?status=abc')).status).toBe(400);
  });

  it('shows one request with its attempts', async () => {
    const row = (await a.admin.call<LogRowDto>('GET', `/logs/${ids[0]}`)).body;
    expect(row).toMatchObject({ id: ids[0], alias: 'gpt', provider: 'openai', model: 'gpt-4o-mini', status: 200, inputTokens: 1000, outputTokens: 500 });
    expect(row.attempts).toEqual([expect.objectContaining({ provider: 'openai', outcome: 'ok', status: 200 })]);
    expect((await a.admin.call('GET', '/logs/req_missing')).status).toBe(404);
  });

  it('counts requests, errors and cost in the overview', async () => {
    const overview = (await a.admin.call<OverviewDto>('GET', '/stats/overview')).body;
    expect(overview.requestsLastHour).toBe(6);
    expect(overview.requestsPerMinute).toHaveLength(60);
    expect(overview.requestsPerMinute.reduce((n, p) => n + p.requests, 0)).toBe(6);
    expect(overview.requestsPerMinute.reduce((n, p) => n + p.errors, 0)).toBe(1);
    expect(overview.spendTodayUsd).toBeCloseTo(5 * COST_EACH, 10);
    expect(overview.spendMonthUsd).toBeCloseTo(5 * COST_EACH, 10);
    expect(overview.latencyP50Ms).not.toBeNull();
    expect(overview.providers.find((p) => p.name === 'openai')).toMatchObject({ requests: 6, errors: 1, breaker: 'closed' });
    expect(overview.providers.find((p) => p.name === 'openai')?.errorRate).toBeCloseTo(1 / 6, 10);
    expect(overview.providers.find((p) => p.name === 'anthropic')).toMatchObject({ requests: 0, errors: 0, p50Ms: null });
    expect(overview.recentErrors.map((r) => r.status)).toEqual([expect.any(Number)]);
  });

  it('buckets the same requests over time with latency percentiles', async () => {
    const series = (await a.admin.call<TimeseriesDto>('GET', '/stats/timeseries?bucket=minute')).body;
    expect(series.points).toHaveLength(60);
    expect(series.points.reduce((n, p) => n + p.requests, 0)).toBe(6);
    expect(series.points.reduce((n, p) => n + p.costUsd, 0)).toBeCloseTo(5 * COST_EACH, 10);
    const busy = series.points.filter((p) => p.requests > 0);
    expect(busy.every((p) => p.p50Ms !== null && p.p99Ms !== null && p.p50Ms <= p.p99Ms)).toBe(true);
    const routeOnly = (await a.admin.call<TimeseriesDto>('GET', '/stats/timeseries?bucket=hour&route=claude')).body;
    expect(routeOnly.points.reduce((n, p) => n + p.requests, 0)).toBe(0);
    const tooLong = await a.admin.call('GET', `/stats/timeseries?bucket=minute&since=0&until=${Date.now()}`);
    expect(tooLong.status).toBe(400);
  });

  it('sums spend by day and group, with top spenders', async () => {
    const byRoute = (await a.admin.call<SpendDto>('GET', '/stats/spend?by=route')).body;
    expect(byRoute.points).toHaveLength(1);
    // Six calls, one of them failed: spend counts the five that were paid for.
    expect(byRoute.points[0]).toMatchObject({ group: 'gpt', requests: 5 });
    expect(byRoute.points[0]?.costUsd).toBeCloseTo(5 * COST_EACH, 10);
    const byKey = (await a.admin.call<SpendDto>('GET', '/stats/spend?by=key')).body;
    expect(byKey.totals).toEqual([{ group: 'master', costUsd: byKey.points[0]?.costUsd, requests: 5 }]);
    expect((await a.admin.call('GET', '/stats/spend?by=color')).status).toBe(400);
  });

  it('derives cache stats from the log when no lookups happened, and shows budgets with their spend', async () => {
    const cache = (await a.admin.call<CacheStatsDto>('GET', '/cache/stats')).body;
    expect(cache.overall).toMatchObject({ hits: 0, misses: 0, hitRate: null });
    const budgets = (await a.admin.call<BudgetsDto>('GET', '/budgets')).body.budgets;
    const month = budgets.find((b) => b.scope === 'global' && b.period === 'month');
    expect(month).toMatchObject({ limitUsd: 100, alertAt: 0.8 });
    expect(month?.spentUsd).toBeCloseTo(5 * COST_EACH, 10);
    expect(month?.resetsAt).toBeGreaterThan(Date.now());
  });

  it('counts a stream the provider cut short, which was charged, among the calls paid for', async () => {
    const client = new OpenAI({ baseURL: `${a.h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
    a.h.openai.enqueue({ kind: 'stream-fail', afterChunks: 3, text: 'a long answer cut short' });
    const stream = await client.chat.completions.create({ model: 'gpt', stream: true, messages: [{ role: 'user', content: 'cut' }] });
    await (async () => {
      for await (const _chunk of stream) {
        // Read until the provider's failure ends the stream.
      }
    })().catch(() => undefined);
    // The row lands once the gateway has seen the stream end, which may be after the client has.
    const total = await eventually(async () => {
      const byRoute = (await a.admin.call<SpendDto>('GET', '/stats/spend?by=route')).body;
      expect(byRoute.totals).toHaveLength(1);
      expect(byRoute.totals[0]?.costUsd).toBeGreaterThan(5 * COST_EACH);
      return byRoute.totals[0];
    });
    expect(total?.requests).toBe(6);
  });

  it("sums spend by team, from the team each call's key was in", async () => {
    const { plaintext } = (await a.admin.call<CreatedKeyDto>('POST', '/keys', { name: 'ml-laptop', team: 'ml' })).body;
    a.h.openai.enqueue({ kind: 'reply', usage: { inputTokens: 1000, outputTokens: 500 } });
    await new OpenAI({ baseURL: `${a.h.gateway.url}/v1`, apiKey: plaintext, maxRetries: 0 }).chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'team call' }] });
    const byTeam = (await a.admin.call<SpendDto>('GET', '/stats/spend?by=team')).body;
    expect(byTeam.by).toBe('team');
    expect(byTeam.totals.find((t) => t.group === 'ml')).toMatchObject({ requests: 1 });
    expect(byTeam.totals.find((t) => t.group === 'ml')?.costUsd).toBeCloseTo(COST_EACH, 10);
    expect(byTeam.totals.find((t) => t.group === '(none)')?.requests).toBeGreaterThanOrEqual(5);
  });

  it('sums spend by the app that made each call, the same money the rollup groups by route', async () => {
    const chat = (headers: Record<string, string>) => {
      a.h.openai.enqueue({ kind: 'reply', usage: { inputTokens: 1000, outputTokens: 500 } });
      const body = JSON.stringify({ model: 'gpt', messages: [{ role: 'user', content: 'which app am I' }] });
      return new Promise<number>((resolve, reject) => {
        // node:http sends no User-Agent unless asked, unlike fetch, so a call can carry none.
        const req = request(`${a.h.gateway.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer sk-sb-test-key', 'content-type': 'application/json', ...headers } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end(body);
      });
    };
    expect(await chat({ 'user-agent': 'claude-cli/2.0.14 (external, cli)' })).toBe(200);
    expect(await chat({})).toBe(200);

    const byApp = (await a.admin.call<SpendDto>('GET', '/stats/spend?by=app')).body;
    expect(byApp.by).toBe('app');
    const app = (name: string) => byApp.totals.find((t) => t.group === name);
    // The OpenAI SDK made every earlier call: five, the stream cut short, the team's call.
    expect(app('OpenAI SDK (JS)')?.requests).toBe(7);
    expect(app('Claude Code')).toMatchObject({ requests: 1 });
    expect(app('Claude Code')?.costUsd).toBeCloseTo(COST_EACH, 10);
    expect(app('Unknown')).toMatchObject({ requests: 1 });
    expect(byApp.totals.map((t) => t.group).sort()).toEqual(['Claude Code', 'OpenAI SDK (JS)', 'Unknown']);

    const byRoute = (await a.admin.call<SpendDto>('GET', '/stats/spend?by=route')).body;
    const sum = (dto: SpendDto) => dto.totals.reduce((total, t) => total + t.costUsd, 0);
    expect(sum(byApp)).toBeCloseTo(sum(byRoute), 10);
    expect(byApp.totals.reduce((n, t) => n + t.requests, 0)).toBe(byRoute.totals.reduce((n, t) => n + t.requests, 0));
  });

  it('groups spend by a metadata field callers send, listing the fields to choose from', async () => {
    const client = new OpenAI({ baseURL: `${a.h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
    for (const project of ['search', 'search', 'billing']) {
      a.h.openai.enqueue({ kind: 'reply', usage: { inputTokens: 1000, outputTokens: 500 } });
      await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: project }] }, { headers: { 'x-switchboard-metadata': JSON.stringify({ project, env: 'prod' }) } });
    }
    const choose = (await a.admin.call<SpendDto>('GET', '/stats/spend?by=metadata')).body;
    expect(choose).toMatchObject({ by: 'metadata', points: [], totals: [] });
    expect(choose.fields).toEqual(expect.arrayContaining(['env', 'project']));

    const byProject = (await a.admin.call<SpendDto>('GET', '/stats/spend?by=metadata&field=project')).body;
    expect(byProject.field).toBe('project');
    const project = (name: string) => byProject.totals.find((t) => t.group === name);
    expect(project('search')?.requests).toBe(2);
    expect(project('search')?.costUsd).toBeCloseTo(2 * COST_EACH, 10);
    expect(project('billing')?.requests).toBe(1);
    // Every other paid call carried no project.
    const byRoute = (await a.admin.call<SpendDto>('GET', '/stats/spend?by=route')).body;
    expect(project('(none)')?.requests).toBe(byRoute.totals.reduce((n, t) => n + t.requests, 0) - 3);

    const refused = await a.admin.call<{ error: { message: string } }>('GET', '/stats/spend?by=route&field=project');
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('field goes with by=metadata');
  });
});

describe('admin API: try a prompt', () => {
  let a: AdminHarness;
  beforeAll(async () => {
    a = await startAdminHarness();
  });
  afterAll(() => a.close());

  it('runs through the full pipeline and reports the fallback, its attempts and the cost', async () => {
    a.h.anthropic.enqueue({ kind: 'error', status: 503 });
    a.h.openai.enqueue({ kind: 'reply', usage: { inputTokens: 1000, outputTokens: 500 } });
    const response = await a.admin.call<TryResultDto>('POST', '/try', { model: 'workhorse', prompt: 'hello there', system: 'be brief' });
    expect(response.status).toBe(200);
    const result = response.body;
    expect(result).toMatchObject({ status: 200, text: 'echo: hello there', error: null, route: 'workhorse', provider: 'openai', model: 'gpt-4o-mini' });
    expect(result.attempts.map((t) => [t.provider, t.status, t.outcome])).toEqual([
      ['anthropic', 503, 'fallback'],
      ['openai', 200, 'ok'],
    ]);
    expect(result.costUsd).toBeCloseTo(COST_EACH, 10);
    expect(result.requestId).toMatch(/^req_/);
    // Its log row says it came from the UI's Try panel.
    await a.h.gateway.logs.flush();
    expect((await a.h.gateway.logs.get(result.requestId!))?.client).toMatch(/^switchboard-try\//);
    // The prompt really went through the gateway, with the system message.
    expect(a.h.openai.requests.at(-1)?.body).toMatchObject({ messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hello there' }] });
  });

  it('reports the gateway error for a model that routes nowhere', async () => {
    const result = (await a.admin.call<TryResultDto>('POST', '/try', { model: 'no-such-alias', prompt: 'x' })).body;
    expect(result.status).toBe(404);
    expect(result.error).toContain('no-such-alias');
    expect(result.text).toBeNull();
    expect((await a.admin.call('POST', '/try', { prompt: 'no model' })).status).toBe(400);
  });
});
