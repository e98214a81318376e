/** `costs`: spend per day grouped by provider, model, route, key, team or app, and budget status. */
import type { StateCreator } from 'zustand';
import type { BudgetStatusDto, SpendPointDto } from '../api/contract';
import type { SpendGroup } from '../gateway-client';
import { slicePatcher, type SliceContext } from './context';
import type { AppState } from './types';

export type CostDays = 7 | 30 | 90;

export interface CostsState {
  by: SpendGroup;
  days: CostDays;
  points: SpendPointDto[];
  budgets: BudgetStatusDto[];
  loaded: boolean;
  loading: boolean;
  error: string | null;
  load(): Promise<void>;
  setBy(by: SpendGroup): Promise<void>;
  setDays(days: CostDays): Promise<void>;
}

export interface CostsSlice {
  costs: CostsState;
}

const DAY_MS = 86_400_000;

export function createCostsSlice(ctx: SliceContext): StateCreator<AppState, [], [], CostsSlice> {
  return (set, get) => {
    const patch = slicePatcher(set, 'costs');
    let generation = 0;
    return {
      costs: {
        by: 'provider',
        days: 30,
        points: [],
        budgets: [],
        loaded: false,
        loading: false,
        error: null,

        async load() {
          const mine = ++generation;
          const { by, days } = get().costs;
          patch({ loading: true, error: null });
          try {
            const client = ctx.client();
            // Whole UTC days, today included, as the chart shows them.
            const since = Math.floor(ctx.now() / DAY_MS) * DAY_MS - (days - 1) * DAY_MS;
            const [spend, budgets] = await Promise.all([client.spend({ since, by }), client.budgets().catch(() => get().costs.budgets)]);
            if (mine !== generation) return;
            patch({ points: spend.points, budgets, loading: false, loaded: true });
          } catch (error) {
            if (mine !== generation) return;
            patch({ loading: false, loaded: true, error: ctx.fail(error) });
          }
        },

        async setBy(by) {
          patch({ by });
          await get().costs.load();
        },

        async setDays(days) {
          patch({ days });
          await get().costs.load();
        },
      },
    };
  };
}
