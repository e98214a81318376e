/** Inspector for a route (the top one or a nested one): strategy, ordered targets, or rules. */
import { Field } from '../../../components/ui/form';
import { Icon } from '../../../components/ui/icons';
import { STRATEGY_LABELS, weightShares } from '../model/graph';
import { addRule, addTarget, moveTargetBy, newInlineRoute, newProviderTarget, newRouteRef, removeTarget, setDefaultRoute, setStrategy, updateTarget } from '../model/ops';
import { STRATEGIES, type RouteModel, type Strategy, type TargetModel } from '../model/types';
import { nodeIdOfTarget } from '../model/validate';
import { fieldError, nodeMessages, useEditor } from './editor-context';
import { RuleEditor } from './rule-editor';

const STRATEGY_HELP: Record<Strategy, string> = {
  single: 'Always the one target.',
  fallback: 'Targets in order: the next one is tried after a timeout, a network error or a fallback status.',
  loadbalance: 'Weighted random choice of the first target; the others as fallbacks.',
  conditional: 'The first rule that matches picks where the request goes; otherwise the default route.',
  'lowest-latency': 'Fastest recent target first.',
  'lowest-cost': 'Cheapest target for the request first.',
};

/** Back from a target (or nested route) to the route that holds it. */
export function BackButton({ to }: { to: string }) {
  const { select } = useEditor();
  return (
    <button type="button" className="btn btn-ghost btn-sm" style={{ alignSelf: 'flex-start' }} onClick={() => select(to)}>
      ← Back to the route
    </button>
  );
}

function targetLabel(target: TargetModel): string {
  if (target.kind === 'provider') return `${target.provider || '?'}/${target.model || '?'}`;
  if (target.kind === 'ref') return `→ ${target.route || '?'}`;
  return `${STRATEGY_LABELS[target.route.strategy]} (nested, ${target.route.targets.length})`;
}

function TargetList({ route }: { route: RouteModel }) {
  const { issues, edit, select } = useEditor();
  const shares = route.strategy === 'loadbalance' ? weightShares(route.targets) : [];
  return (
    <ol className="target-list" aria-label="Targets in order">
      {route.targets.map((target, index) => {
        const nodeId = nodeIdOfTarget(target);
        const invalid = issues.some((issue) => issue.nodeId === nodeId);
        const label = targetLabel(target);
        const weightError = fieldError(issues, nodeId, 'weight');
        return (
          <li key={target.id} className="target-item" data-invalid={invalid}>
            <span className="target-main">
              <span className="order">{index + 1}</span>
              <button type="button" className="btn btn-ghost btn-sm target-label" onClick={() => select(nodeId)} title={label}>
                <span className="mono">{label}</span>
              </button>
            </span>
            <span className="target-controls">
            {route.strategy === 'loadbalance' ? (
              <input
                className="input"
                style={{ width: 58 }}
                aria-label={`Weight of ${label}`}
                aria-invalid={weightError ? true : undefined}
                title={weightError ?? `${Math.round((shares[index] ?? 0) * 100)}% of traffic`}
                inputMode="decimal"
                placeholder="1"
                value={target.weight}
                onChange={(e) => edit((m) => updateTarget(m, target.id, { weight: e.target.value }))}
              />
            ) : null}
            <button type="button" className="btn btn-ghost btn-icon" aria-label={`Move ${label} up`} disabled={index === 0} onClick={() => edit((m) => moveTargetBy(m, target.id, -1))}>
              <Icon name="up" size={14} />
            </button>
            <button type="button" className="btn btn-ghost btn-icon" aria-label={`Move ${label} down`} disabled={index === route.targets.length - 1} onClick={() => edit((m) => moveTargetBy(m, target.id, 1))}>
              <Icon name="down" size={14} />
            </button>
            <button type="button" className="btn btn-ghost btn-icon" aria-label={`Remove ${label}`} onClick={() => edit((m) => removeTarget(m, target.id))}>
              <Icon name="close" size={14} />
            </button>
            </span>
          </li>
        );
      })}
    </ol>
  );
}

export function StrategyInspector({ route, title, parentId }: { route: RouteModel; title: string; parentId?: string }) {
  const { issues, providers, otherRoutes, edit, select } = useEditor();
  const messages = nodeMessages(issues, route.id, ['strategy', 'default', 'name']);
  const defaultError = fieldError(issues, route.id, 'default');
  const add = (target: TargetModel) => {
    edit((m) => addTarget(m, route.id, target));
    select(target.kind === 'inline' ? target.route.id : target.id);
  };

  return (
    <section className="card inspector" aria-labelledby={`inspect-${route.id}`}>
      {parentId ? <BackButton to={parentId} /> : null}
      <h3 id={`inspect-${route.id}`}>{title}</h3>
      <Field label="Strategy" hint={STRATEGY_HELP[route.strategy]} error={fieldError(issues, route.id, 'strategy')}>
        {(props) => (
          <select {...props} className="select" value={route.strategy} onChange={(e) => edit((m) => setStrategy(m, route.id, e.target.value as Strategy))}>
            {STRATEGIES.map((strategy) => (
              <option key={strategy} value={strategy}>
                {STRATEGY_LABELS[strategy]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {messages.length > 0 ? (
        <ul className="issue-list field-error" aria-label="Problems">
          {messages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}

      {route.strategy !== 'conditional' || route.targets.length > 0 ? (
        <div className="stack" style={{ gap: 8 }}>
          <span className="field-label">{route.strategy === 'fallback' ? 'Targets, tried in this order' : 'Targets'}</span>
          {route.targets.length > 0 ? <TargetList route={route} /> : <p className="muted">No targets yet.</p>}
          <div className="row">
            <button type="button" className="btn btn-secondary btn-sm" aria-label="Add a provider model" onClick={() => add(newProviderTarget(providers[0]?.name ?? '', ''))}>
              <Icon name="plus" /> Provider model
            </button>
            <button type="button" className="btn btn-secondary btn-sm" aria-label="Add a route reference" onClick={() => add(newRouteRef())}>
              <Icon name="plus" /> Route
            </button>
            <button type="button" className="btn btn-secondary btn-sm" aria-label="Add a nested route" onClick={() => add(newInlineRoute())}>
              <Icon name="plus" /> Nested route
            </button>
          </div>
        </div>
      ) : null}

      {route.strategy === 'conditional' ? (
        <div className="stack" style={{ gap: 8 }}>
          <span className="field-label">Rules, first match wins</span>
          {route.rules.map((rule, index) => (
            <RuleEditor key={rule.id} rule={rule} index={index} count={route.rules.length} />
          ))}
          <div>
            <button type="button" className="btn btn-secondary btn-sm" aria-label="Add a rule" onClick={() => edit((m) => addRule(m, route.id))}>
              <Icon name="plus" /> Rule
            </button>
          </div>
          <Field label="Default route" hint="Used when no rule matches." error={defaultError}>
            {(props) => (
              <select {...props} className="select" value={route.defaultRoute} onChange={(e) => edit((m) => setDefaultRoute(m, route.id, e.target.value))}>
                <option value="">Choose a route…</option>
                {route.defaultRoute && !otherRoutes.includes(route.defaultRoute) ? <option value={route.defaultRoute}>{route.defaultRoute} (unknown)</option> : null}
                {otherRoutes.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      ) : null}

      {Object.keys(route.extras).length > 0 ? (
        <p className="field-hint">
          Also set on this route: {Object.keys(route.extras).join(', ')}. They are kept as they are; edit them in the config file.
        </p>
      ) : null}
    </section>
  );
}
