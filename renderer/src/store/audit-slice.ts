/** `audit`: the audit log (GET /audit), newest first, one family of actions at a time. */
import type { StateCreator } from 'zustand';
import { GatewayApiError } from '../api/api-error';
import type { AuditEntryDto } from '../api/contract';
import { slicePatcher, type SliceContext } from './context';
import type { AppState } from './types';

/** '' for every action, else a family (`config`, `key`, ...). */
export type AuditFilter = '' | 'config' | 'key' | 'credential' | 'cache' | 'breaker' | 'gateway';

export interface AuditState {
  entries: AuditEntryDto[];
  /** `before` for the older page; null when the list is complete. */
  nextCursor: number | null;
  filter: AuditFilter;
  loading: boolean;
  error: string | null;
  /** The gateway has no audit log (an older one): the card says so instead of an error. */
  unavailable: boolean;
  /** The newest page for `filter` (default: the current one). */
  load(filter?: AuditFilter): Promise<void>;
  /** Appends the next, older page. */
  loadOlder(): Promise<void>;
}

export interface AuditSlice {
  audit: AuditState;
}

const PAGE = 25;

export function createAuditSlice(ctx: SliceContext): StateCreator<AppState, [], [], AuditSlice> {
  return (set, get) => {
    const patch = slicePatcher(set, 'audit');
    /** Counts loads of the newest page: an answer to an earlier request (an older page, or a superseded load) is dropped. */
    let generation = 0;
    const fetchPage = async (filter: AuditFilter, before: number | undefined) =>
      ctx.client().auditLog({ limit: PAGE, before, action: filter === '' ? undefined : filter });
    const failed = (error: unknown) => {
      const absent = error instanceof GatewayApiError && (error.status === 501 || error.status === 404);
      patch(absent ? { loading: false, unavailable: true } : { loading: false, error: ctx.fail(error) });
    };
    return {
      audit: {
        entries: [],
        nextCursor: null,
        filter: '',
        loading: false,
        error: null,
        unavailable: false,

        async load(filter = get().audit.filter) {
          const mine = ++generation;
          patch({ loading: true, error: null, filter });
          try {
            const page = await fetchPage(filter, undefined);
            // A newer load (another filter, or a refresh) may have finished first: keep the latest.
            if (mine !== generation) return;
            patch({ entries: page.entries, nextCursor: page.nextCursor, loading: false, unavailable: false });
          } catch (error) {
            if (mine === generation) failed(error);
          }
        },

        async loadOlder() {
          const { nextCursor, filter, loading } = get().audit;
          if (nextCursor === null || loading) return;
          const mine = generation;
          patch({ loading: true, error: null });
          try {
            const page = await fetchPage(filter, nextCursor);
            // The list was loaded anew meanwhile: this page follows a cursor it no longer has.
            if (mine !== generation) return;
            patch({ entries: [...get().audit.entries, ...page.entries], nextCursor: page.nextCursor, loading: false });
          } catch (error) {
            if (mine === generation) failed(error);
          }
        },
      },
    };
  };
}
