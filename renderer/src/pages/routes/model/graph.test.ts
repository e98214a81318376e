import { describe, expect, it } from 'vitest';
import { routeToModel } from './convert';
import { ALIAS_ID, COLUMN_WIDTH, dropIndex, modelToGraph, NODE_WIDTH, weightShares } from './graph';
import { moveTargetBy } from './ops';
import type { InlineRouteModel } from './types';

describe('route graph', () => {
  const model = routeToModel({
    strategy: 'fallback',
    targets: [
      { provider: 'anthropic', model: 'claude-sonnet-4-5' },
      { provider: 'openai', model: 'gpt-5.1' },
      { route: 'cheap' },
    ],
  });

  it('draws alias → strategy → targets, with the fallback order on the edges', () => {
    const { nodes, edges } = modelToGraph('workhorse', model);
    expect(nodes.map((n) => [n.data.kind, n.data.title])).toEqual([
      ['alias', 'workhorse'],
      ['strategy', 'Fallback'],
      ['provider', 'claude-sonnet-4-5'],
      ['provider', 'gpt-5.1'],
      ['ref', 'cheap'],
    ]);
    expect(edges.find((e) => e.source === ALIAS_ID)?.target).toBe(model.id);
    expect(edges.filter((e) => e.source === model.id).map((e) => e.label)).toEqual(['1st', '2nd', '3rd']);
  });

  it('stacks targets top to bottom in list order, so a reorder moves the nodes', () => {
    const before = modelToGraph('w', model).nodes;
    const moved = modelToGraph('w', moveTargetBy(model, model.targets[2]!.id, -2)).nodes;
    const y = (nodes: typeof before, id: string) => nodes.find((n) => n.id === id)!.position.y;
    expect(y(moved, model.targets[2]!.id)).toBe(y(before, model.targets[0]!.id));
    expect(y(moved, model.targets[0]!.id)).toBeGreaterThan(y(moved, model.targets[2]!.id));
  });

  it('labels load-balanced edges with each target’s share of traffic', () => {
    const lb = routeToModel({ strategy: 'loadbalance', targets: [{ provider: 'a', model: 'x', weight: 3 }, { provider: 'b', model: 'y' }] });
    expect(weightShares(lb.targets)).toEqual([0.75, 0.25]);
    expect(modelToGraph('b', lb).edges.filter((e) => e.source === lb.id).map((e) => e.label)).toEqual(['75%', '25%']);
  });

  it('draws a nested route as its own strategy node one column further right', () => {
    const nested = routeToModel({ strategy: 'fallback', targets: [{ provider: 'a', model: 'x' }, { strategy: 'loadbalance', targets: [{ provider: 'b', model: 'y' }, { provider: 'c', model: 'z' }] }] });
    const inner = (nested.targets[1] as InlineRouteModel).route;
    const { nodes } = modelToGraph('n', nested);
    const innerNode = nodes.find((n) => n.id === inner.id)!;
    expect(innerNode.data).toMatchObject({ kind: 'strategy', title: 'Load balance', targetId: nested.targets[1]!.id, index: 1 });
    expect(nodes.find((n) => n.id === inner.targets[0]!.id)!.position.x).toBeGreaterThan(innerNode.position.x);
  });

  it('draws one node per rule and one for the default of a conditional route', () => {
    const smart = routeToModel({ strategy: 'conditional', rules: [{ when: { promptTokens: { gt: 4000 } }, route: 'workhorse' }], default: 'balanced' });
    const { nodes, edges } = modelToGraph('smart', smart);
    expect(nodes.filter((n) => n.data.kind === 'rule' || n.data.kind === 'default').map((n) => n.data.title)).toEqual(['workhorse', 'balanced']);
    expect(edges.filter((e) => e.source === smart.id).map((e) => e.label)).toEqual(['if promptTokens > 4000', 'otherwise']);
  });

  it('moves the rules right far enough for their conditions to show between the cards, cutting a long one', () => {
    const smart = routeToModel({ strategy: 'conditional', rules: [{ when: { lastUserMessage: { matches: '^(summarise|summarize|tl;dr)' } }, route: 'tldr' }], default: 'balanced' });
    const { nodes, edges } = modelToGraph('smart', smart);
    expect(edges.filter((e) => e.source === smart.id).map((e) => e.label)).toEqual(['if lastUserMessage matches re…', 'otherwise']);
    const x = (kind: string) => nodes.find((n) => n.data.kind === kind)!.position.x;
    // Chromium draws that label 188 px wide (test/e2e/route-canvas.test.ts checks nothing covers it).
    expect(x('rule') - x('strategy') - NODE_WIDTH).toBeGreaterThan(188);
    // Without conditions on the edges, the columns stay close.
    const plain = modelToGraph('w', model).nodes;
    expect(plain.find((n) => n.data.kind === 'provider')!.position.x - plain.find((n) => n.data.kind === 'strategy')!.position.x).toBe(COLUMN_WIDTH);
  });

  it('shows issues on the nodes they belong to', () => {
    const target = model.targets[1]!;
    const { nodes } = modelToGraph('w', model, [{ nodeId: target.id, field: 'model', message: 'Enter the model', source: 'client' }]);
    expect(nodes.find((n) => n.id === target.id)?.data.issues).toEqual(['Enter the model']);
    expect(nodes.find((n) => n.id === model.id)?.data.issues).toEqual([]);
  });

  it('turns a drop position into an index among the siblings', () => {
    expect(dropIndex(-10, [0, 104])).toBe(0);
    expect(dropIndex(150, [0, 104])).toBe(2);
    expect(dropIndex(50, [0, 104])).toBe(1);
  });
});
