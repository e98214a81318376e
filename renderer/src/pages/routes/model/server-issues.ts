/**
 * Places the gateway's validation issues (400 `invalid_config`, dotted paths such as
 * `routes.workhorse.targets.1.model`) on the editor's nodes and fields. Anything that cannot be
 * placed lands on the route's own node with its path kept in the message.
 */
import type { ConfigIssueDto } from '../../../api/contract';
import { testKey } from './conditions';
import type { EditorIssue, RouteModel, RuleModel, TargetModel } from './types';
import { nodeIdOfTarget } from './validate';

const TARGET_FIELDS: Record<string, string> = { provider: 'provider', model: 'model', weight: 'weight', timeoutMs: 'timeout', route: 'route' };
const ROUTE_FIELDS: Record<string, string> = { strategy: 'strategy', targets: 'targets', rules: 'rules', default: 'default', weight: 'weight' };

/** The path relative to the route: strips `routes.<name>.` or `route.` (the PUT body's key). */
export function relativePath(path: string, routeName: string): string[] | null {
  for (const prefix of [`routes.${routeName}`, 'route']) {
    if (path === prefix) return [];
    if (path.startsWith(`${prefix}.`)) return path.slice(prefix.length + 1).split('.');
  }
  // Issues about other parts of the config (another route, a provider) are not this route's.
  if (path.startsWith('routes.') || path.startsWith('providers.') || path.startsWith('server.')) return null;
  return path ? path.split('.') : [];
}

interface Placement {
  nodeId: string;
  field?: string;
  /** Path segments the placement did not consume, kept in the message. */
  rest: string[];
}

function placeInRoute(route: RouteModel, segments: string[]): Placement {
  const [head, index, ...rest] = segments;
  if (head === 'targets' && index !== undefined && /^\d+$/.test(index)) {
    const target = route.targets[Number(index)];
    if (target) return placeInTarget(target, rest);
  }
  if (head === 'rules' && index !== undefined && /^\d+$/.test(index)) {
    const rule = route.rules[Number(index)];
    if (rule) return placeInRule(rule, rest);
  }
  const field = head === undefined ? undefined : ROUTE_FIELDS[head];
  if (field && segments.length === 1) return { nodeId: route.id, field, rest: [] };
  return { nodeId: route.id, ...(field ? { field } : {}), rest: segments };
}

function placeInTarget(target: TargetModel, segments: string[]): Placement {
  if (target.kind === 'inline' && segments[0] !== 'weight') return placeInRoute(target.route, segments);
  const nodeId = nodeIdOfTarget(target);
  const head = segments[0];
  const field = head === undefined ? undefined : TARGET_FIELDS[head];
  return field ? { nodeId, field, rest: segments.slice(1) } : { nodeId, rest: segments };
}

function placeInRule(rule: RuleModel, segments: string[]): Placement {
  const [head, ...rest] = segments;
  if (head === 'route' || head === 'target') return { nodeId: rule.id, field: 'then', rest: head === 'target' ? rest : [] };
  if (head === 'when' && rule.raw === null) {
    // when.<key>[.<op>] or when.metadata.<field>[.<op>]
    const [first, second, third] = rest;
    const key = first === 'metadata' && second !== undefined ? `metadata.${second}` : first;
    const op = first === 'metadata' ? third : second;
    const test = rule.tests.find((t) => testKey(t) === key && (op === undefined || t.op === op || (op === 'matches' && t.op === 'matches-i')));
    if (test) return { nodeId: rule.id, field: `test:${test.id}`, rest: [] };
    return { nodeId: rule.id, field: 'tests', rest };
  }
  return { nodeId: rule.id, rest: segments };
}

export function mapServerIssues(issues: readonly ConfigIssueDto[], routeName: string, model: RouteModel): EditorIssue[] {
  const out: EditorIssue[] = [];
  for (const issue of issues) {
    const segments = relativePath(issue.path, routeName);
    if (segments === null) {
      out.push({ nodeId: model.id, message: `${issue.path}: ${issue.message}`, source: 'server' });
      continue;
    }
    const placed = placeInRoute(model, segments);
    const message = placed.rest.length > 0 ? `${placed.rest.join('.')}: ${issue.message}` : issue.message;
    out.push({ nodeId: placed.nodeId, message, source: 'server', ...(placed.field ? { field: placed.field } : {}) });
  }
  return out;
}
