/**
 * The route editor's working copy of one route: the config's recursive tree, with a stable id on
 * every node (so drag, focus and React keys survive reorders) and numbers kept as the text the
 * user typed until they are valid. Keys the editor does not edit (retry, cache, price, params …)
 * ride along in `extras` and are written back untouched.
 */

export const STRATEGIES = ['single', 'fallback', 'loadbalance', 'conditional', 'lowest-latency', 'lowest-cost'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export interface RouteModel {
  id: string;
  strategy: Strategy;
  targets: TargetModel[];
  rules: RuleModel[];
  /** Conditional only: the route used when no rule matches. */
  defaultRoute: string;
  extras: Record<string, unknown>;
}

interface TargetBase {
  id: string;
  /** As typed; '' means unset. Only meaningful under a loadbalance parent. */
  weight: string;
}

export interface ProviderTargetModel extends TargetBase {
  kind: 'provider';
  provider: string;
  model: string;
  /** As typed: milliseconds or a duration like "15s"; '' means unset. */
  timeout: string;
  extras: Record<string, unknown>;
}

export interface RouteRefModel extends TargetBase {
  kind: 'ref';
  route: string;
}

export interface InlineRouteModel extends TargetBase {
  kind: 'inline';
  route: RouteModel;
}

export type TargetModel = ProviderTargetModel | RouteRefModel | InlineRouteModel;

/** The things a condition can test; `metadata` needs a field name. */
export const CONDITION_FIELDS = ['promptTokens', 'lastUserMessage', 'metadata', 'key', 'user', 'team', 'tier', 'hasTools', 'hasImages'] as const;
export type ConditionField = (typeof CONDITION_FIELDS)[number];

export const CONDITION_OPS = ['equals', 'in', 'matches', 'matches-i', 'gt', 'gte', 'lt', 'lte', 'is'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

export interface ConditionTest {
  id: string;
  field: ConditionField;
  /** The metadata field name when `field` is `metadata`. */
  metaKey: string;
  op: ConditionOp;
  value: string;
}

export type RuleThen = { kind: 'route'; route: string } | { kind: 'target'; provider: string; model: string; extras: Record<string, unknown> };

export interface RuleModel {
  id: string;
  /** All must hold. */
  tests: ConditionTest[];
  /**
   * A `when` the form cannot show (and/or/not, unusual flags) is kept verbatim and shown as
   * read-only text, rather than being flattened into something that means less.
   */
  raw: unknown;
  then: RuleThen;
}

/** One problem, placed on a node (and a field of it when known). */
export interface EditorIssue {
  nodeId: string;
  /** 'strategy' | 'targets' | 'rules' | 'default' | 'provider' | 'model' | 'weight' | 'timeout' | 'route' | 'then' | `test:<id>` | 'name' */
  field?: string;
  message: string;
  source: 'client' | 'server';
}

let sequence = 0;
/** A fresh node id. Ids are unique within the page's lifetime, never persisted. */
export function newId(prefix: string): string {
  sequence += 1;
  return `${prefix}${sequence}`;
}
