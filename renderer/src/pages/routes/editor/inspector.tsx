/** Shows the inspector for the selected node; the route itself when nothing (or the alias) is selected. */
import { ALIAS_ID } from '../model/graph';
import { findRoute, findRule, findTarget } from '../model/ops';
import type { RouteModel } from '../model/types';
import { RuleEditor } from './rule-editor';
import { BackButton, StrategyInspector } from './strategy-inspector';
import { TargetInspector } from './target-inspector';

/** The id of the route that holds the nested route `routeId`. */
function findParentOfRoute(model: RouteModel, routeId: string): string | undefined {
  for (const target of model.targets) {
    if (target.kind !== 'inline') continue;
    if (target.route.id === routeId) return model.id;
    const inner = findParentOfRoute(target.route, routeId);
    if (inner) return inner;
  }
  return undefined;
}

export function Inspector({ model, selectedNodeId }: { model: RouteModel; selectedNodeId: string | null }) {
  const id = selectedNodeId === null || selectedNodeId === ALIAS_ID ? model.id : selectedNodeId.replace(/:default$/, '');

  const route = findRoute(model, id);
  if (route) {
    const holder = route === model ? undefined : findParentOfRoute(model, route.id);
    return <StrategyInspector route={route} title={route === model ? 'Route' : 'Nested route'} {...(holder ? { parentId: holder } : {})} />;
  }

  const target = findTarget(model, id);
  if (target && target.target.kind !== 'inline') {
    return <TargetInspector target={target.target} parentId={target.parent.id} parentStrategy={target.parent.strategy} index={target.index} count={target.parent.targets.length} />;
  }

  const rule = findRule(model, id);
  if (rule) {
    return (
      <section className="card inspector" aria-label="Rule">
        <BackButton to={rule.parent.id} />
        <RuleEditor rule={rule.rule} index={rule.index} count={rule.parent.rules.length} />
      </section>
    );
  }

  return <StrategyInspector route={model} title="Route" />;
}
