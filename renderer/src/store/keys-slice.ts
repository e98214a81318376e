/** `keys`: gateway (virtual) keys: list, create (plaintext shown once), limits, revoke, rotate. */
import type { StateCreator } from 'zustand';
import type { CreatedKeyDto, GatewayKeyDto } from '../api/contract';
import type { KeyPatch, NewKeyInput } from '../gateway-client';
import { slicePatcher, type SliceContext } from './context';
import type { AppState } from './types';

export interface KeysState {
  items: GatewayKeyDto[];
  loaded: boolean;
  loading: boolean;
  error: string | null;
  /** The key just created or rotated, with its plaintext, until the user dismisses it. */
  created: CreatedKeyDto | null;
  /**
   * The last plaintext seen this session, offered on the Connect page. Memory only: never
   * persisted, gone on reload, like the gateway's own promise that it is shown once.
   */
  sessionPlaintext: string | null;
  busy: boolean;
  formError: string | null;
  load(): Promise<void>;
  create(input: NewKeyInput): Promise<boolean>;
  update(id: string, patch: KeyPatch): Promise<boolean>;
  revoke(id: string): Promise<void>;
  rotate(id: string): Promise<void>;
  dismissCreated(): void;
}

export interface KeysSlice {
  keys: KeysState;
}

export function createKeysSlice(ctx: SliceContext): StateCreator<AppState, [], [], KeysSlice> {
  return (set, get) => {
    const patch = slicePatcher(set, 'keys');
    const reload = async () => patch({ items: await ctx.client().listKeys() });

    const run = async (action: () => Promise<void>): Promise<boolean> => {
      patch({ busy: true, formError: null });
      try {
        await action();
        patch({ busy: false });
        return true;
      } catch (error) {
        patch({ busy: false, formError: ctx.fail(error) });
        return false;
      }
    };

    return {
      keys: {
        items: [],
        loaded: false,
        loading: false,
        error: null,
        created: null,
        sessionPlaintext: null,
        busy: false,
        formError: null,

        async load() {
          patch({ loading: true, error: null });
          try {
            await reload();
            patch({ loading: false, loaded: true });
          } catch (error) {
            patch({ loading: false, loaded: true, error: ctx.fail(error) });
          }
        },

        create(input) {
          return run(async () => {
            const created = await ctx.client().createKey(input);
            patch({ created, sessionPlaintext: created.plaintext });
            await reload();
          });
        },

        update(id, change) {
          return run(async () => {
            await ctx.client().updateKey(id, change);
            await reload();
            get().notices.push('success', 'Saved the key’s limits');
          });
        },

        async revoke(id) {
          const ok = await run(async () => {
            await ctx.client().revokeKey(id);
            await reload();
          });
          if (ok) get().notices.push('success', 'Revoked: requests with that key are refused from now on');
          else get().notices.push('error', get().keys.formError ?? 'Could not revoke the key');
        },

        async rotate(id) {
          const ok = await run(async () => {
            const created = await ctx.client().rotateKey(id);
            patch({ created, sessionPlaintext: created.plaintext });
            await reload();
          });
          if (!ok) get().notices.push('error', get().keys.formError ?? 'Could not rotate the key');
        },

        dismissCreated() {
          patch({ created: null });
        },
      },
    };
  };
}
