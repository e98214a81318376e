/** `settings`: gateway status and the config file, edited through PUT /config. */
import type { StateCreator } from 'zustand';
import { GatewayApiError } from '../api/api-error';
import type { ConfigDiffDto, ConfigDto, ConfigIssueDto, StatusDto } from '../api/contract';
import { slicePatcher, type SliceContext } from './context';
import type { AppState } from './types';

export interface SettingsState {
  status: StatusDto | null;
  config: ConfigDto | null;
  loaded: boolean;
  loading: boolean;
  error: string | null;
  saving: boolean;
  saveError: string | null;
  /** The last save was refused because the config changed since the draft was made (409). */
  conflict: boolean;
  issues: ConfigIssueDto[];
  diff: ConfigDiffDto | null;
  load(): Promise<void>;
  /**
   * Validates and applies a whole config text; resolves true when the gateway took it.
   * `baseVersion` is the config version the text was made from (default: the one loaded), so
   * a save over a change made elsewhere meanwhile is refused rather than erasing it.
   */
  saveText(text: string, baseVersion?: number): Promise<boolean>;
  /** What would change (POST /config/diff), without applying. */
  preview(text: string): Promise<void>;
  clearFeedback(): void;
}

export interface SettingsSlice {
  settings: SettingsState;
}

export function createSettingsSlice(ctx: SliceContext): StateCreator<AppState, [], [], SettingsSlice> {
  return (set, get) => {
    const patch = slicePatcher(set, 'settings');
    const failed = (error: unknown) =>
      patch({ saving: false, saveError: ctx.fail(error), conflict: error instanceof GatewayApiError && error.status === 409, issues: error instanceof GatewayApiError ? error.issues : [] });

    return {
      settings: {
        status: null,
        config: null,
        loaded: false,
        loading: false,
        error: null,
        saving: false,
        saveError: null,
        conflict: false,
        issues: [],
        diff: null,

        async load() {
          patch({ loading: true, error: null });
          try {
            const client = ctx.client();
            const [status, config] = await Promise.all([client.status(), client.getConfig()]);
            patch({ status, config, loading: false, loaded: true });
          } catch (error) {
            patch({ loading: false, loaded: true, error: ctx.fail(error) });
          }
        },

        async saveText(text, baseVersion = get().settings.config?.version) {
          patch({ saving: true, saveError: null, conflict: false, issues: [], diff: null });
          try {
            const client = ctx.client();
            const config = await client.putConfig(text, baseVersion);
            const status = await client.status().catch(() => get().settings.status);
            patch({ config, status, saving: false });
            get().notices.push('success', `Config saved and applied (version ${config.version})`);
            return true;
          } catch (error) {
            failed(error);
            // Show what the file holds now; the editor keeps the draft and says it is stale.
            if (get().settings.conflict) await get().settings.load();
            return false;
          }
        },

        async preview(text) {
          patch({ saving: true, saveError: null, issues: [], diff: null });
          try {
            patch({ diff: await ctx.client().diffConfig(text), saving: false });
          } catch (error) {
            failed(error);
          }
        },

        clearFeedback() {
          patch({ saveError: null, conflict: false, issues: [], diff: null });
        },
      },
    };
  };
}
