import { describe, expect, it } from 'vitest';
import { limitSubjects, subjectsOf } from './subjects';

describe('limitSubjects', () => {
  it('lists key, user, team and route with their limits, skipping those without any', () => {
    const subjects = limitSubjects({
      key: { id: 'key_1', name: 'ci-bot', user: 'alice', team: 'ml', limits: { rpm: 10 } },
      routes: [{ name: 'workhorse', limits: { concurrent: 8 } }],
      named: { 'key:key_1': { rpm: 99, tpm: 5000 }, 'team:ml': { tpm: 100_000 }, 'user:bob': { rpm: 1 } },
    });
    expect(subjects).toEqual([
      { kind: 'key', id: 'key_1', label: 'ci-bot', limits: { rpm: 10, tpm: 5000 } },
      { kind: 'team', id: 'ml', limits: { tpm: 100_000 } },
      { kind: 'route', id: 'workhorse', limits: { concurrent: 8 } },
    ]);
  });

  it('limits the master key through config, and only the route when there is no key', () => {
    expect(limitSubjects({ key: { id: 'master', name: 'master key' }, named: { 'key:master': { rpm: 600 } } })).toEqual([
      { kind: 'key', id: 'master', label: 'master key', limits: { rpm: 600 } },
    ]);
    expect(limitSubjects({ key: null, routes: [{ name: 'cheap', limits: { rpm: 5 } }] })).toEqual([{ kind: 'route', id: 'cheap', limits: { rpm: 5 } }]);
    expect(limitSubjects({ key: null, routes: [{ name: 'open' }] })).toEqual([]);
  });

  it('lists every route the request may end up in that has limits, in the order given', () => {
    const routes = [{ name: 'wrapper' }, { name: 'gpt', limits: { rpm: 1 } }, { name: 'claude', limits: { tpm: 9 } }];
    expect(limitSubjects({ key: null, routes })).toEqual([
      { kind: 'route', id: 'gpt', limits: { rpm: 1 } },
      { kind: 'route', id: 'claude', limits: { tpm: 9 } },
    ]);
  });

  it("keeps config's value where the key record leaves a field undefined", () => {
    const [subject] = limitSubjects({
      key: { id: 'key_1', name: 'ci-bot', limits: { rpm: undefined, tpm: 700 } },
      named: { 'key:key_1': { rpm: 99, tpm: 5000, concurrent: 2 } },
    });
    expect(subject?.limits).toStrictEqual({ rpm: 99, tpm: 700, concurrent: 2 });
  });
});

describe('subjectsOf', () => {
  const key = { id: 'key_1', name: 'ci-bot', team: 'ml', limits: { rpm: 10 } };
  const routesWith = (limits: { rpm?: number; concurrent?: number } | undefined) => ({ workhorse: { limits }, cheap: {} });

  it('keeps one list per key and routes while config hands out the same objects', () => {
    const named = { 'team:ml': { tpm: 100 } };
    const routes = routesWith({ concurrent: 8 });
    const first = subjectsOf(key, ['workhorse'], routes, named);
    expect(first.map((subject) => subject.kind)).toEqual(['key', 'team', 'route']);
    expect(subjectsOf(key, ['workhorse'], routes, named)).toBe(first);
    expect(subjectsOf(key, ['cheap'], routes, named).map((subject) => subject.kind)).toEqual(['key', 'team']);
    expect(subjectsOf(key, ['workhorse'], routes, named)).toBe(first);
    const through = subjectsOf(key, ['cheap', 'workhorse'], routes, named);
    expect(through.map((subject) => `${subject.kind}:${subject.id}`)).toEqual(['key:key_1', 'team:ml', 'route:workhorse']);
    expect(subjectsOf(key, ['cheap', 'workhorse'], routes, named)).toBe(through);
  });

  it('builds the list again when a reload brings new limits, or the key store a new identity', () => {
    const routes = routesWith({ rpm: 5 });
    const before = subjectsOf(key, ['workhorse'], routes, {});
    const reloadedRoute = subjectsOf(key, ['workhorse'], routesWith({ rpm: 50 }), {});
    expect(reloadedRoute.at(-1)?.limits).toEqual({ rpm: 50 });
    const reloadedNested = subjectsOf(key, ['cheap', 'workhorse'], routesWith({ rpm: 7 }), {});
    expect(subjectsOf(key, ['cheap', 'workhorse'], routesWith({ rpm: 8 }), {})).not.toBe(reloadedNested);
    const reloadedNamed = subjectsOf(key, ['workhorse'], routes, { 'team:ml': { rpm: 1 } });
    expect(reloadedNamed.map((subject) => subject.kind)).toEqual(['key', 'team', 'route']);
    const renewed = subjectsOf({ ...key, limits: { rpm: 20 } }, ['workhorse'], routes, {});
    expect(renewed[0]?.limits).toEqual({ rpm: 20 });
    expect(before[0]?.limits).toEqual({ rpm: 10 });
  });

  it('keeps open-on-loopback requests (no key) apart from keyed ones', () => {
    const routes = routesWith({ rpm: 5 });
    expect(subjectsOf(null, ['workhorse'], routes)).toEqual([{ kind: 'route', id: 'workhorse', limits: { rpm: 5 } }]);
    expect(subjectsOf(key, ['workhorse'], routes).map((subject) => subject.kind)).toEqual(['key', 'route']);
    expect(subjectsOf(null, [], routes)).toEqual([]);
  });
});
