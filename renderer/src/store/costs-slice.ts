/** `costs`: spend per day grouped by provider, model, route, key, team, app or a metadata field, and budget status. */
import type { StateCreator } from 'zustand';
import type { BudgetStatusDto, SpendPointDto } from '../api/contract';
import type { SpendGroup } from '../gateway-client';
import { slicePatcher, type SliceContext } from './context';
import type { AppState } from './types';

export type CostDays = 7 | 30 | 90;

export interface CostsState {
  by: SpendGroup;
  /** With by=metadata: the field grouped by; null until one is chosen (the first seen, at first). */
  field: string | null;
  /** With by=metadata: the fields the period's calls carried. */
  fields: string[];
  days: CostDays;
  points: SpendPointDto[];
  budgets: BudgetStatusDto[];
  loaded: boolean;
  loading: boolean;
  error: string | null;
  load(): Promise<void>;
  setBy(by: SpendGroup): Promise<void>;
  setField(field: string): Promise<void>;
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
        field: null,
        fields: [],
        days: 30,
        points: [],
        budgets: [],
        loaded: false,
        loading: false,
        error: null,

        async load() {
          const mine = ++generation;
          const { by, days, field } = get().costs;
          patch({ loading: true, error: null });
          try {
            const client = ctx.client();
            // Whole UTC days, today included, as the chart shows them.
            const since = Math.floor(ctx.now() / DAY_MS) * DAY_MS - (days - 1) * DAY_MS;
            const asked = by === 'metadata' && field !== null ? { field } : {};
            const [spend, budgets] = await Promise.all([client.spend({ since, by, ...asked }), client.budgets().catch(() => get().costs.budgets)]);
            if (mine !== generation) return;
            const fields = spend.fields ?? [];
            // Grouped by metadata with no field chosen yet (or one this period's calls lack): the first one they carried.
            if (by === 'metadata' && (field === null || !fields.includes(field)) && fields[0] !== undefined) {
              patch({ field: fields[0], fields });
              return await get().costs.load();
            }
            patch({ points: spend.points, fields, budgets, loading: false, loaded: true });
          } catch (error) {
            if (mine !== generation) return;
            patch({ loading: false, loaded: true, error: ctx.fail(error) });
          }
        },

        async setBy(by) {
          patch({ by });
          await get().costs.load();
        },

        async setField(field) {
          patch({ field });
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
