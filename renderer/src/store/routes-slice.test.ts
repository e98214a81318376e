import { describe, expect, it } from 'vitest';
import { GatewayApiError } from '../api/api-error';
import { addTarget, moveTargetBy, newProviderTarget } from '../pages/routes/model/ops';
import type { ProviderTargetModel } from '../pages/routes/model/types';
import { FakeGatewayClient } from '../testing/fake-gateway-client';
import { testStore } from '../testing/test-store';

function gateway() {
  const fake = new FakeGatewayClient();
  fake.providers = [
    { name: 'openai', config: { type: 'openai', credential: 'openai' }, baseUrl: 'https://api.openai.com/v1', credential: null },
    { name: 'anthropic', config: { type: 'anthropic' }, baseUrl: 'https://api.anthropic.com', credential: null },
  ];
  fake.routes = {
    workhorse: { strategy: 'fallback', targets: [{ provider: 'anthropic', model: 'claude-sonnet-4-5' }, { provider: 'openai', model: 'gpt-5.1' }] },
  };
  return fake;
}

async function opened(name = 'workhorse') {
  const env = testStore(gateway());
  await Promise.all([env.state().routes.load(), env.state().providers.load()]);
  env.state().routes.open(name);
  return env;
}

describe('routes slice', () => {
  it('opens a saved route as a clean draft', async () => {
    const { state } = await opened();
    expect(state().routes).toMatchObject({ selected: 'workhorse', dirty: false, isNew: false });
    expect(state().routes.draft?.targets).toHaveLength(2);
  });

  it('saves a reordered fallback list, which the gateway then holds', async () => {
    const { state, fake } = await opened();
    const second = state().routes.draft!.targets[1]!;
    state().routes.edit((model) => moveTargetBy(model, second.id, -1));
    expect(state().routes.dirty).toBe(true);
    expect(await state().routes.save()).toBe(true);
    expect(fake.routes.workhorse?.targets).toEqual([{ provider: 'openai', model: 'gpt-5.1' }, { provider: 'anthropic', model: 'claude-sonnet-4-5' }]);
    expect(state().routes.dirty).toBe(false);
    expect(state().notices.items.at(-1)?.message).toContain('Saved “workhorse”');
  });

  it('does not send a route that fails the client checks', async () => {
    const { state, fake } = await opened();
    state().routes.edit((model) => addTarget(model, model.id, newProviderTarget('openia', '')));
    expect(await state().routes.save()).toBe(false);
    expect(state().routes.saveError).toBe('Fix the 2 problems marked on the route first');
    expect(fake.routes.workhorse?.targets).toHaveLength(2);
  });

  it('places the gateway’s validation issues on the target they name', async () => {
    const { state, fake } = await opened();
    fake.failNext('putRoute', new GatewayApiError(400, 'Invalid config (1 problem)', { code: 'invalid_config', issues: [{ path: 'routes.workhorse.targets.1.model', message: 'unknown model for openai' }] }));
    expect(await state().routes.save()).toBe(false);
    const target = state().routes.draft!.targets[1] as ProviderTargetModel;
    expect(state().routes.serverIssues).toEqual([{ nodeId: target.id, field: 'model', message: 'unknown model for openai', source: 'server' }]);
    expect(state().routes.saveError).toBe('Invalid config (1 problem)');
    // Editing clears the server's verdict: it was about the old draft.
    state().routes.edit((model) => moveTargetBy(model, target.id, -1));
    expect(state().routes.serverIssues).toEqual([]);
  });

  it('creates a new route under the typed name', async () => {
    const { state, fake } = await opened();
    state().routes.startNew();
    state().routes.rename('cheap');
    state().routes.edit((model) => addTarget(model, model.id, newProviderTarget('openai', 'gpt-4o-mini')));
    expect(await state().routes.save()).toBe(true);
    expect(fake.routes.cheap).toEqual({ strategy: 'fallback', targets: [{ provider: 'openai', model: 'gpt-4o-mini' }] });
    expect(state().routes).toMatchObject({ selected: 'cheap', isNew: false });
  });

  it('discards edits back to the saved route', async () => {
    const { state } = await opened();
    state().routes.edit((model) => addTarget(model, model.id, newProviderTarget('openai', 'x')));
    state().routes.discard();
    expect(state().routes.draft?.targets).toHaveLength(2);
    expect(state().routes.dirty).toBe(false);
  });

  it('follows a config reload for a clean draft but never overwrites unsaved edits', async () => {
    const { state, fake } = await opened();
    state().live.connect();
    fake.routes.workhorse = { strategy: 'single', targets: [{ provider: 'openai', model: 'gpt-5.1' }] };
    fake.emit({ type: 'config.applied', version: 2 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(state().routes.draft?.strategy).toBe('single');

    state().routes.edit((model) => addTarget(model, model.id, newProviderTarget('anthropic', 'claude')));
    fake.routes.workhorse = { strategy: 'fallback', targets: [] };
    fake.emit({ type: 'config.applied', version: 3 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(state().routes.items.workhorse?.targets).toEqual([]);
    expect(state().routes.draft?.targets).toHaveLength(2);
  });

  it('runs a test prompt against the saved route and keeps the attempts', async () => {
    const { state, fake } = await opened();
    fake.tryResult = {
      status: 200,
      text: 'Hello!',
      error: null,
      requestId: 'req_1',
      route: 'workhorse',
      provider: 'openai',
      model: 'gpt-5.1',
      attempts: [
        { provider: 'anthropic', model: 'claude-sonnet-4-5', status: 503, latencyMs: 80, outcome: 'fallback', error: 'overloaded' },
        { provider: 'openai', model: 'gpt-5.1', status: 200, latencyMs: 640, outcome: 'ok' },
      ],
      latencyMs: 730,
      costUsd: 0.0021,
    };
    await state().routes.runTry('Say hi');
    expect(state().routes.tryState.result?.provider).toBe('openai');
    expect(state().routes.tryState.result?.attempts.map((a) => a.outcome)).toEqual(['fallback', 'ok']);
  });

  it('sends the model name given for a wildcard route, and drops an answer that comes back after another route was opened (or a new one started)', async () => {
    const { state, fake } = await opened();
    fake.tryResult = { status: 200, text: 'Hi', error: null, requestId: 'req_2', route: 'workhorse', provider: 'openai', model: 'gpt-5.1', attempts: [], latencyMs: 10, costUsd: 0 };
    await state().routes.runTry('Say hi', { model: ' gpt-5.1-mini ' });
    expect(fake.tries.map((t) => t.model)).toEqual(['gpt-5.1-mini']);
    const pending = state().routes.runTry('Say hi');
    state().routes.startNew();
    await pending;
    expect(state().routes.tryState).toEqual({ running: false, result: null, error: null });
  });

  it('does not overwrite a config changed elsewhere, and saves after a reload', async () => {
    const { state, fake } = await opened();
    state().routes.edit((model) => moveTargetBy(model, model.targets[1]!.id, -1));
    fake.configVersion += 1; // a hand edit of the file meanwhile
    expect(await state().routes.save()).toBe(false);
    expect(state().routes.conflict).toBe(true);
    expect(state().routes.saveError).toMatch(/changed since version/);

    await state().routes.refresh();
    expect(state().routes.dirty).toBe(true);
    expect(await state().routes.save()).toBe(true);
    expect(fake.routes.workhorse?.targets).toEqual([{ provider: 'openai', model: 'gpt-5.1' }, { provider: 'anthropic', model: 'claude-sonnet-4-5' }]);
  });

  it('keeps the version an edited draft was opened from, so a save over a change made elsewhere is refused', async () => {
    const { state, fake } = await opened();
    state().live.connect();
    state().routes.edit((model) => moveTargetBy(model, model.targets[1]!.id, -1));
    // The same route is edited in the file meanwhile, and the gateway applies it.
    fake.routes.workhorse = { strategy: 'fallback', targets: [{ provider: 'anthropic', model: 'claude-sonnet-4-5' }], retry: { attempts: 3 } };
    fake.configVersion += 1;
    fake.emit({ type: 'config.applied', version: fake.configVersion });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(state().routes.changedElsewhere).toBe(true);
    expect(state().routes.draft?.targets).toHaveLength(2);

    expect(await state().routes.save()).toBe(false);
    expect(state().routes.conflict).toBe(true);
    expect(fake.routes.workhorse?.retry).toEqual({ attempts: 3 });
    // The user's edits are still on screen until they choose.
    expect(state().routes.draft?.targets).toHaveLength(2);
    expect(state().routes.dirty).toBe(true);

    state().routes.discard();
    expect(state().routes.draft?.targets).toHaveLength(1);
    expect(state().routes).toMatchObject({ changedElsewhere: false, conflict: false, saveError: null });
  });

  it('saves over a change made elsewhere only when the user keeps their edits', async () => {
    const { state, fake } = await opened();
    state().routes.edit((model) => moveTargetBy(model, model.targets[1]!.id, -1));
    fake.routes.workhorse = { strategy: 'single', targets: [{ provider: 'openai', model: 'gpt-4o' }] };
    fake.configVersion += 1;
    await state().routes.refresh();
    expect(await state().routes.save()).toBe(false);
    state().routes.keepMine();
    expect(await state().routes.save()).toBe(true);
    expect(fake.routes.workhorse?.targets).toEqual([{ provider: 'openai', model: 'gpt-5.1' }, { provider: 'anthropic', model: 'claude-sonnet-4-5' }]);
  });

  it('moves an edited draft to the new version when only other routes changed', async () => {
    const { state, fake } = await opened();
    state().routes.edit((model) => moveTargetBy(model, model.targets[1]!.id, -1));
    fake.routes.other = { strategy: 'single', targets: [{ provider: 'openai', model: 'gpt-4o' }] };
    fake.configVersion += 1;
    await state().routes.refresh();
    expect(state().routes.changedElsewhere).toBe(false);
    expect(await state().routes.save()).toBe(true);
    expect(fake.routes.other).toBeDefined();
  });

  it('deletes the open route', async () => {
    const { state, fake } = await opened();
    expect(await state().routes.remove()).toBe(true);
    expect(fake.routes).toEqual({});
    expect(state().routes.draft).toBeNull();
  });
});
