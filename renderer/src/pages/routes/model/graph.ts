/**
 * Lays a RouteModel out as React Flow nodes and edges: the alias on the left, each route's
 * strategy node, then its targets (or, for a conditional route, one node per rule and the
 * default) in the next column, moved right as far as the labels on their edges need. Positions
 * are computed, so the graph stays tidy after every edit.
 */
import type { Edge, Node } from '@xyflow/react';
import { describeTests } from './conditions';
import type { EditorIssue, RouteModel, Strategy, TargetModel } from './types';
import { nodeIdOfTarget } from './validate';

export type FlowNodeKind = 'alias' | 'strategy' | 'provider' | 'ref' | 'rule' | 'default';

export interface FlowNodeData extends Record<string, unknown> {
  kind: FlowNodeKind;
  title: string;
  subtitle: string;
  issues: string[];
  /** For nodes that are a target: its id in the model, its parent route and position. */
  targetId?: string;
  parentRouteId?: string;
  index?: number;
  siblings?: number;
  /** For strategy nodes: the route they stand for. */
  routeId?: string;
}

export type FlowNode = Node<FlowNodeData>;

export const COLUMN_WIDTH = 230;
export const ROW_HEIGHT = 96;
/** The width of a node card (`.rf-node` in pages.css): columns leave 50 px between cards. */
export const NODE_WIDTH = 180;
/** Where a rule's condition is cut on its edge (the inspector shows all of it). */
export const RULE_LABEL_MAX = 30;
export const ALIAS_ID = 'alias';

export const STRATEGY_LABELS: Record<Strategy, string> = {
  single: 'Single',
  fallback: 'Fallback',
  loadbalance: 'Load balance',
  conditional: 'Conditional',
  'lowest-latency': 'Lowest latency',
  'lowest-cost': 'Lowest cost',
};

/** "75%" shares of a load-balanced route (a missing or invalid weight counts as 1). */
export function weightShares(targets: TargetModel[]): number[] {
  const weights = targets.map((target) => {
    const weight = Number(target.weight);
    return target.weight.trim() && Number.isFinite(weight) && weight > 0 ? weight : 1;
  });
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return weights.map((weight) => (total > 0 ? weight / total : 0));
}

function edgeLabel(strategy: Strategy, index: number, share: number | undefined): string | undefined {
  if (strategy === 'fallback') return index === 0 ? '1st' : `${index + 1}${index === 1 ? 'nd' : index === 2 ? 'rd' : 'th'}`;
  if (strategy === 'loadbalance' && share !== undefined) return `${Math.round(share * 100)}%`;
  return undefined;
}

/** About how wide an edge label is drawn (11 px semibold), with a margin either side. */
const labelWidth = (label: string | undefined): number => (label ? label.length * 6.5 + 16 : 0);

function ruleLabel(rule: RouteModel['rules'][number]): string {
  return rule.raw !== null ? 'custom condition' : truncate(`if ${describeTests(rule.tests)}`, RULE_LABEL_MAX);
}

/**
 * How much further right than the next column a route's children go, so the labels on its edges
 * (a conditional route's `if promptTokens > 1000`) fit between the cards instead of under them.
 */
function labelRoom(labels: readonly (string | undefined)[]): number {
  return Math.max(0, ...labels.map(labelWidth).map((width) => width - (COLUMN_WIDTH - NODE_WIDTH)));
}

function rows(route: RouteModel): number {
  if (route.strategy === 'conditional') return Math.max(1, route.rules.length + 1 + route.targets.length);
  return Math.max(1, route.targets.reduce((sum, target) => sum + (target.kind === 'inline' ? rows(target.route) : 1), 0));
}

export function modelToGraph(name: string, model: RouteModel, issues: readonly EditorIssue[] = []): { nodes: FlowNode[]; edges: Edge[] } {
  const nodes: FlowNode[] = [];
  const edges: Edge[] = [];
  const issuesOf = (id: string) => issues.filter((issue) => issue.nodeId === id).map((issue) => issue.message);

  const edge = (source: string, target: string, label?: string) =>
    edges.push({ id: `${source}->${target}`, source, target, ...(label ? { label } : {}), className: 'route-edge' });

  const place = (route: RouteModel, x: number, top: number, parent?: { routeId: string; target: TargetModel; index: number; siblings: number }) => {
    const height = rows(route);
    const y = (top + (height - 1) / 2) * ROW_HEIGHT;
    const count = route.strategy === 'conditional' ? route.rules.length : route.targets.length;
    nodes.push({
      id: route.id,
      type: 'strategy',
      position: { x, y },
      draggable: parent !== undefined,
      data: {
        kind: 'strategy',
        title: STRATEGY_LABELS[route.strategy],
        subtitle: route.strategy === 'conditional' ? `${count} rule${count === 1 ? '' : 's'}` : `${count} target${count === 1 ? '' : 's'}`,
        issues: issues.filter((issue) => issue.nodeId === route.id && issue.field !== 'name').map((issue) => issue.message),
        routeId: route.id,
        ...(parent ? { targetId: parent.target.id, parentRouteId: parent.routeId, index: parent.index, siblings: parent.siblings } : {}),
      },
    });

    const shares = route.strategy === 'loadbalance' ? weightShares(route.targets) : [];
    const targetLabels = route.targets.map((_, index) => edgeLabel(route.strategy, index, shares[index]));
    const ruleLabels = route.strategy === 'conditional' ? [...route.rules.map(ruleLabel), 'otherwise'] : [];
    const childX = x + COLUMN_WIDTH + labelRoom([...targetLabels, ...ruleLabels]);
    let row = top;
    route.targets.forEach((target, index) => {
      const siblings = route.targets.length;
      const label = targetLabels[index];
      if (target.kind === 'inline') {
        place(target.route, childX, row, { routeId: route.id, target, index, siblings });
        edge(route.id, target.route.id, label);
        row += rows(target.route);
        return;
      }
      nodes.push({
        id: target.id,
        type: 'target',
        position: { x: childX, y: row * ROW_HEIGHT },
        draggable: true,
        data: {
          kind: target.kind,
          title: target.kind === 'provider' ? target.model || 'model?' : target.route || 'route?',
          subtitle: target.kind === 'provider' ? target.provider || 'provider?' : 'route',
          issues: issuesOf(nodeIdOfTarget(target)),
          targetId: target.id,
          parentRouteId: route.id,
          index,
          siblings,
        },
      });
      edge(route.id, target.id, label);
      row += 1;
    });

    if (route.strategy === 'conditional') {
      route.rules.forEach((rule, index) => {
        const then = rule.then.kind === 'route' ? rule.then.route || 'route?' : rule.then.model || 'model?';
        nodes.push({
          id: rule.id,
          type: 'target',
          position: { x: childX, y: row * ROW_HEIGHT },
          draggable: false,
          data: {
            kind: 'rule',
            title: then,
            subtitle: rule.then.kind === 'route' ? 'route' : rule.then.provider || 'provider?',
            issues: issuesOf(rule.id),
          },
        });
        edge(route.id, rule.id, ruleLabels[index]);
        row += 1;
      });
      const defaultId = `${route.id}:default`;
      nodes.push({
        id: defaultId,
        type: 'target',
        position: { x: childX, y: row * ROW_HEIGHT },
        draggable: false,
        data: { kind: 'default', title: route.defaultRoute || 'route?', subtitle: 'default route', issues: [] },
      });
      edge(route.id, defaultId, 'otherwise');
    }
  };

  const height = rows(model);
  nodes.push({
    id: ALIAS_ID,
    type: 'alias',
    position: { x: 0, y: ((height - 1) / 2) * ROW_HEIGHT },
    draggable: false,
    data: { kind: 'alias', title: name || 'new route', subtitle: 'model alias', issues: issues.filter((i) => i.field === 'name').map((i) => i.message) },
  });
  edge(ALIAS_ID, model.id);
  place(model, COLUMN_WIDTH, 0);
  return { nodes, edges };
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Where a dragged target lands among its siblings: the number of siblings whose centre is
 * above the drop point. Lets a drag on the canvas reorder the fallback list.
 */
export function dropIndex(droppedY: number, siblingYs: number[]): number {
  return siblingYs.filter((y) => y < droppedY).length;
}
