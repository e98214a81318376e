/** `providers`: configured providers, presets, stored credentials and connection tests. */
import type { StateCreator } from 'zustand';
import { GatewayApiError } from '../api/api-error';
import type { ConfigIssueDto, CredentialsDto, LocalServerDto, ProviderDto, ProviderPresetDto, ProviderTestDto } from '../api/contract';
import { slicePatcher, type SliceContext } from './context';
import type { AppState } from './types';

export interface ProviderTestState {
  running: boolean;
  result: ProviderTestDto | null;
  error: string | null;
}

export interface NewProviderInput {
  name: string;
  config: ProviderDto['config'];
  /** The API key; stored in the secret store under `config.credential`. Never kept in the UI state. */
  key?: string;
}

export interface ProvidersState {
  items: ProviderDto[];
  presets: ProviderPresetDto[];
  credentials: CredentialsDto | null;
  loaded: boolean;
  loading: boolean;
  error: string | null;
  tests: Record<string, ProviderTestState>;
  saving: boolean;
  formError: string | null;
  formIssues: ConfigIssueDto[];
  /** Model servers found running on the gateway's machine (the last look; empty until one). */
  local: LocalServerDto[];
  load(): Promise<void>;
  /** Looks for model servers on the gateway's machine; a failed look leaves none listed. */
  findLocal(): Promise<void>;
  /** Writes the provider, then its key. Resolves true when both were stored. */
  save(input: NewProviderInput): Promise<boolean>;
  setKey(credential: string, value: string): Promise<boolean>;
  removeKey(credential: string): Promise<void>;
  remove(name: string): Promise<void>;
  test(name: string): Promise<void>;
  clearForm(): void;
}

export interface ProvidersSlice {
  providers: ProvidersState;
}

export function createProvidersSlice(ctx: SliceContext): StateCreator<AppState, [], [], ProvidersSlice> {
  return (set, get) => {
    const patch = slicePatcher(set, 'providers');
    const setTest = (name: string, test: ProviderTestState) => patch({ tests: { ...get().providers.tests, [name]: test } });

    const reload = async () => {
      const client = ctx.client();
      const [items, credentials] = await Promise.all([client.listProviders(), client.credentials()]);
      patch({ items, credentials });
    };

    return {
      providers: {
        items: [],
        presets: [],
        credentials: null,
        loaded: false,
        loading: false,
        error: null,
        tests: {},
        saving: false,
        formError: null,
        formIssues: [],
        local: [],

        async load() {
          patch({ loading: true, error: null });
          try {
            const client = ctx.client();
            const [items, credentials, presets] = await Promise.all([client.listProviders(), client.credentials(), client.listPresets().catch(() => get().providers.presets)]);
            patch({ items, credentials, presets, loading: false, loaded: true });
          } catch (error) {
            patch({ loading: false, loaded: true, error: ctx.fail(error) });
          }
        },

        async save({ name, config, key }) {
          patch({ saving: true, formError: null, formIssues: [] });
          try {
            await ctx.client().putProvider(name, config);
            if (key && typeof config.credential === 'string') await ctx.client().setCredential(config.credential, key);
            await reload();
            patch({ saving: false });
            get().notices.push('success', key ? `Added ${name}; its key is in the ${get().providers.credentials?.backend ?? 'secret'} store` : `Saved ${name}`);
            return true;
          } catch (error) {
            patch({ saving: false, formError: ctx.fail(error), formIssues: error instanceof GatewayApiError ? error.issues : [] });
            await reload().catch(() => undefined);
            return false;
          }
        },

        async setKey(credential, value) {
          patch({ saving: true, formError: null });
          try {
            await ctx.client().setCredential(credential, value);
            await reload();
            patch({ saving: false });
            get().notices.push('success', `Stored the key “${credential}”`);
            return true;
          } catch (error) {
            patch({ saving: false, formError: ctx.fail(error) });
            return false;
          }
        },

        async removeKey(credential) {
          try {
            await ctx.client().deleteCredential(credential);
            await reload();
            get().notices.push('success', `Deleted the key “${credential}”`);
          } catch (error) {
            get().notices.push('error', ctx.fail(error));
          }
        },

        async remove(name) {
          try {
            await ctx.client().deleteProvider(name);
            await reload();
            get().notices.push('success', `Removed ${name}`);
          } catch (error) {
            get().notices.push('error', ctx.fail(error));
          }
        },

        async test(name) {
          setTest(name, { running: true, result: null, error: null });
          try {
            setTest(name, { running: false, result: await ctx.client().testProvider(name), error: null });
          } catch (error) {
            setTest(name, { running: false, result: null, error: ctx.fail(error) });
          }
        },

        clearForm() {
          patch({ formError: null, formIssues: [] });
        },

        async findLocal() {
          try {
            patch({ local: await ctx.client().localServers() });
          } catch {
            // An older gateway without the endpoint, or a look that failed: nothing to offer.
            patch({ local: [] });
          }
        },
      },
    };
  };
}
