import type { RouteDto } from '../../api/contract';
import { Icon } from '../../components/ui/icons';
import { SkeletonBlock } from '../../components/ui/feedback';
import { STRATEGY_LABELS } from './model/graph';
import { STRATEGIES, type Strategy } from './model/types';

const strategyOf = (route: RouteDto): string => ((STRATEGIES as readonly string[]).includes(route.strategy) ? STRATEGY_LABELS[route.strategy as Strategy] : route.strategy);

export function RouteList({ routes, selected, isNew, loading, onOpen, onNew }: { routes: Record<string, RouteDto>; selected: string | null; isNew: boolean; loading: boolean; onOpen(name: string): void; onNew(): void }) {
  const names = Object.keys(routes).sort((a, b) => a.localeCompare(b));
  return (
    <nav className="card card-flush" aria-label="Routes">
      <div className="card-header" style={{ padding: '14px 14px 0', marginBottom: 6 }}>
        <h2>Routes</h2>
        <button type="button" className="btn btn-primary btn-sm" onClick={onNew}>
          <Icon name="plus" /> New
        </button>
      </div>
      <div className="route-list">
        {loading && names.length === 0 ? <SkeletonBlock lines={3} label="Loading routes" /> : null}
        {isNew ? (
          <button type="button" aria-current="true">
            <span className="route-name">New route</span>
          </button>
        ) : null}
        {names.map((name) => (
          <button key={name} type="button" aria-current={!isNew && name === selected ? 'true' : undefined} onClick={() => onOpen(name)}>
            <span className="route-name mono">{name}</span>
            <span className="faint" style={{ fontSize: '0.76rem' }}>
              {strategyOf(routes[name] as RouteDto)}
            </span>
          </button>
        ))}
      </div>
    </nav>
  );
}
