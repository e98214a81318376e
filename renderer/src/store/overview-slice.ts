/** `overview`: the dashboard numbers, provider health and circuit breakers. */
import type { StateCreator } from 'zustand';
import type { BreakerDto, OverviewDto } from '../api/contract';
import { slicePatcher, type SliceContext } from './context';
import type { AppState } from './types';

export interface OverviewState {
  data: OverviewDto | null;
  breakers: BreakerDto[];
  loaded: boolean;
  loading: boolean;
  error: string | null;
  load(): Promise<void>;
  /** A `breaker.changed` event: update the breaker and its provider's health badge. */
  applyBreaker(breaker: BreakerDto): void;
}

export interface OverviewSlice {
  overview: OverviewState;
}

const SEVERITY: Record<BreakerDto['state'], number> = { closed: 0, 'half-open': 1, open: 2 };

/** Breakers are per target (`provider/model`, or a provider); a provider shows its worst one. */
export function providerOfTarget(target: string): string {
  const slash = target.indexOf('/');
  return slash === -1 ? target : target.slice(0, slash);
}

export function upsertBreaker(breakers: readonly BreakerDto[], breaker: BreakerDto): BreakerDto[] {
  const rest = breakers.filter((b) => b.target !== breaker.target);
  return [...rest, breaker].sort((a, b) => SEVERITY[b.state] - SEVERITY[a.state] || a.target.localeCompare(b.target));
}

export function createOverviewSlice(ctx: SliceContext): StateCreator<AppState, [], [], OverviewSlice> {
  return (set, get) => {
    const patch = slicePatcher(set, 'overview');
    return {
      overview: {
        data: null,
        breakers: [],
        loaded: false,
        loading: false,
        error: null,

        async load() {
          patch({ loading: true, error: null });
          try {
            const client = ctx.client();
            // Breakers are a detail: the page is still useful without them.
            const [data, breakers] = await Promise.all([client.overview(), client.breakers().catch(() => get().overview.breakers)]);
            patch({ data, breakers: [...breakers].sort((a, b) => SEVERITY[b.state] - SEVERITY[a.state]), loading: false, loaded: true });
          } catch (error) {
            patch({ loading: false, loaded: true, error: ctx.fail(error) });
          }
        },

        applyBreaker(breaker) {
          const { data, breakers } = get().overview;
          const next = upsertBreaker(breakers, breaker);
          const provider = providerOfTarget(breaker.target);
          const worst = next.filter((b) => providerOfTarget(b.target) === provider).reduce<BreakerDto['state']>((acc, b) => (SEVERITY[b.state] > SEVERITY[acc] ? b.state : acc), 'closed');
          patch({
            breakers: next,
            ...(data ? { data: { ...data, providers: data.providers.map((p) => (p.name === provider ? { ...p, breaker: worst } : p)) } } : {}),
          });
        },
      },
    };
  };
}
