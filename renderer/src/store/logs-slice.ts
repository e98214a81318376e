/** `logs`: the request log, live tail merged with paged history, filters and the open request. */
import type { StateCreator } from 'zustand';
import type { LogRowDto, ReplayResultDto } from '../api/contract';
import { slicePatcher, type SliceContext } from './context';
import { EMPTY_FILTERS, filtersToQuery, matchesFilters, mergeRows, type LogFilters } from './logs-merge';
import type { AppState } from './types';

export interface LogsState {
  rows: LogRowDto[];
  nextCursor: string | null;
  filters: LogFilters;
  loaded: boolean;
  loading: boolean;
  loadingMore: boolean;
  error: string | null;
  /** While paused, live rows wait in `buffered` so the list holds still under the reader. */
  paused: boolean;
  buffered: LogRowDto[];
  selectedId: string | null;
  detail: LogRowDto | null;
  detailLoading: boolean;
  detailError: string | null;
  /** The selected call sent again (POST /logs/:id/replay). */
  replay: ReplayState;
  load(): Promise<void>;
  loadMore(): Promise<void>;
  setFilters(patch: Partial<LogFilters>): Promise<void>;
  ingest(row: LogRowDto): void;
  setPaused(paused: boolean): void;
  select(id: string | null): Promise<void>;
  /** Sends the selected call again, to `model` (default: the model it asked for). */
  runReplay(model?: string): Promise<void>;
}

export interface ReplayState {
  running: boolean;
  result: ReplayResultDto | null;
  error: string | null;
}

const NO_REPLAY: ReplayState = { running: false, result: null, error: null };

export interface LogsSlice {
  logs: LogsState;
}

/** The live tail may run for days; beyond this many rows the oldest are let go. */
const MAX_ROWS = 5_000;

export function createLogsSlice(ctx: SliceContext): StateCreator<AppState, [], [], LogsSlice> {
  return (set, get) => {
    const patch = slicePatcher(set, 'logs');
    // Bumped by every fresh load, so an older answer arriving late cannot overwrite a newer list.
    let generation = 0;

    return {
      logs: {
        rows: [],
        nextCursor: null,
        filters: EMPTY_FILTERS,
        loaded: false,
        loading: false,
        loadingMore: false,
        error: null,
        paused: false,
        buffered: [],
        selectedId: null,
        detail: null,
        detailLoading: false,
        detailError: null,
        replay: NO_REPLAY,

        async load() {
          const mine = ++generation;
          // Rows already shown may not match new filters; live rows arriving from now on do.
          patch({ rows: [], buffered: [], nextCursor: null, loading: true, error: null });
          try {
            const page = await ctx.client().queryLogs(filtersToQuery(get().logs.filters, ctx.now()));
            if (mine !== generation) return;
            patch({ rows: mergeRows(get().logs.rows, page.rows, MAX_ROWS), nextCursor: page.nextCursor, loading: false, loaded: true });
          } catch (error) {
            if (mine !== generation) return;
            patch({ loading: false, loaded: true, error: ctx.fail(error) });
          }
        },

        async loadMore() {
          const { nextCursor, loadingMore, filters } = get().logs;
          if (!nextCursor || loadingMore) return;
          const mine = generation;
          patch({ loadingMore: true, error: null });
          try {
            const page = await ctx.client().queryLogs(filtersToQuery(filters, ctx.now(), nextCursor));
            if (mine !== generation) return;
            patch({ rows: mergeRows(get().logs.rows, page.rows), nextCursor: page.nextCursor, loadingMore: false });
          } catch (error) {
            if (mine !== generation) return;
            patch({ loadingMore: false, error: ctx.fail(error) });
          }
        },

        async setFilters(change) {
          patch({ filters: { ...get().logs.filters, ...change } });
          await get().logs.load();
        },

        ingest(row) {
          const state = get().logs;
          if (!matchesFilters(row, state.filters, ctx.now())) return;
          if (state.paused) {
            // A row already on screen (replayed after a reconnect) is not "new".
            if (!state.rows.some((r) => r.id === row.id)) patch({ buffered: mergeRows(state.buffered, [row]) });
            return;
          }
          patch({ rows: mergeRows(state.rows, [row], MAX_ROWS) });
        },

        setPaused(paused) {
          const state = get().logs;
          patch(paused ? { paused } : { paused, rows: mergeRows(state.rows, state.buffered, MAX_ROWS), buffered: [] });
        },

        async select(id) {
          if (id === null) {
            patch({ selectedId: null, detail: null, detailError: null, detailLoading: false, replay: NO_REPLAY });
            return;
          }
          // Show what the list already knows at once; the detail call adds bodies.
          const known = get().logs.rows.find((row) => row.id === id) ?? null;
          patch({ selectedId: id, detail: known, detailLoading: true, detailError: null, replay: NO_REPLAY });
          try {
            const detail = await ctx.client().getLog(id);
            if (get().logs.selectedId !== id) return;
            patch({ detail, detailLoading: false });
          } catch (error) {
            if (get().logs.selectedId !== id) return;
            patch({ detailLoading: false, detailError: ctx.fail(error) });
          }
        },

        async runReplay(model) {
          const id = get().logs.selectedId;
          if (id === null) return;
          patch({ replay: { running: true, result: null, error: null } });
          try {
            const result = await ctx.client().replayLog(id, model?.trim() || undefined);
            // Another call opened meanwhile shows its own.
            if (get().logs.selectedId === id) patch({ replay: { running: false, result, error: null } });
          } catch (error) {
            if (get().logs.selectedId === id) patch({ replay: { running: false, result: null, error: ctx.fail(error) } });
          }
        },
      },
    };
  };
}
