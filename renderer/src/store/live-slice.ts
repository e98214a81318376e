/**
 * `live`: the SSE connection and the fan-out of its events to the feature slices. Counters let
 * pages refresh their aggregates (debounced) when something they show has changed.
 */
import type { StateCreator } from 'zustand';
import type { GatewayEvent } from '../api/contract';
import type { LiveStatus } from '../api/event-stream';
import { formatPercent, formatUsd } from '../format/format';
import { slicePatcher, type SliceContext } from './context';
import type { AppState } from './types';

export interface LiveState {
  status: LiveStatus | 'off';
  /** Requests finished since the page opened (drives refreshes of stats). */
  finished: number;
  /** Config versions applied since the page opened. */
  configApplied: number;
  /** Ids of requests started but not finished yet. */
  inFlight: string[];
  connect(): void;
  disconnect(): void;
  /** Applies one event to the store (exposed for tests and for the stream). */
  receive(event: GatewayEvent): void;
}

export interface LiveSlice {
  live: LiveState;
}

/** A lost `finished` event must not leave an id in flight forever. */
const MAX_IN_FLIGHT = 200;

export function createLiveSlice(ctx: SliceContext): StateCreator<AppState, [], [], LiveSlice> {
  return (set, get) => {
    const patch = slicePatcher(set, 'live');
    let close: (() => void) | null = null;

    return {
      live: {
        status: 'off',
        finished: 0,
        configApplied: 0,
        inFlight: [],

        connect() {
          if (close) return;
          try {
            close = ctx.client().subscribeEvents({
              onEvent: (event) => get().live.receive(event),
              onStatus: (status) => patch({ status }),
            });
          } catch {
            patch({ status: 'closed' });
          }
        },

        disconnect() {
          close?.();
          close = null;
          patch({ status: 'off', inFlight: [] });
        },

        receive(event) {
          const state = get();
          switch (event.type) {
            case 'request.started':
              patch({ inFlight: [...state.live.inFlight, event.id].slice(-MAX_IN_FLIGHT) });
              break;
            case 'request.finished':
              state.logs.ingest(event.row);
              patch({ finished: state.live.finished + 1, inFlight: state.live.inFlight.filter((id) => id !== event.row.id) });
              break;
            case 'breaker.changed':
              state.overview.applyBreaker(event.breaker);
              if (event.breaker.state === 'open') state.notices.push('warning', `Circuit opened for ${event.breaker.target}: it is skipped until it recovers`);
              break;
            case 'budget.alert': {
              const { budget } = event;
              const used = budget.limitUsd > 0 ? budget.spentUsd / budget.limitUsd : 0;
              state.notices.push('warning', `Budget “${budget.scope}” is at ${formatPercent(used, 0)} of ${formatUsd(budget.limitUsd)} this ${budget.period}`);
              break;
            }
            case 'config.applied':
              patch({ configApplied: state.live.configApplied + 1 });
              void state.routes.refresh();
              break;
            case 'config.rejected':
              state.notices.push('error', `The config file was refused; the last good config keeps serving. ${event.message}`);
              break;
          }
        },
      },
    };
  };
}
