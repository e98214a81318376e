/**
 * `routes`: saved routes and the editor's working copy of one of them. The draft is a RouteModel
 * (pages/routes/model); saving converts it back, validates it, and PUTs it, which applies live.
 */
import type { StateCreator } from 'zustand';
import { GatewayApiError } from '../api/api-error';
import type { RouteDto, TryResultDto } from '../api/contract';
import { emptyRoute, modelToRoute, routeToModel } from '../pages/routes/model/convert';
import { mapServerIssues } from '../pages/routes/model/server-issues';
import type { EditorIssue, RouteModel } from '../pages/routes/model/types';
import { validateRoute } from '../pages/routes/model/validate';
import { slicePatcher, type SliceContext } from './context';
import type { AppState } from './types';

export interface TryState {
  running: boolean;
  result: TryResultDto | null;
  error: string | null;
}

export interface RoutesState {
  items: Record<string, RouteDto>;
  /** The config version `items` come from. */
  version: number | undefined;
  /**
   * The config version the open draft was made from, sent as `baseVersion` so the gateway
   * refuses (409) a save over a change made elsewhere meanwhile. It follows `version` only
   * while the draft's own route is untouched elsewhere (the gateway edits just that entry).
   */
  draftVersion: number | undefined;
  /** The saved route the draft was made from (JSON), to tell whether it changed elsewhere. */
  draftBase: string | null;
  /** The open route changed elsewhere (file, another window) under unsaved edits: saving is refused until the user chooses. */
  changedElsewhere: boolean;
  /** The last save was refused because the config changed meanwhile (409). */
  conflict: boolean;
  loaded: boolean;
  loading: boolean;
  error: string | null;
  /** The saved name of the route open in the editor (null for none or a new one). */
  selected: string | null;
  isNew: boolean;
  draftName: string;
  draft: RouteModel | null;
  dirty: boolean;
  selectedNodeId: string | null;
  serverIssues: EditorIssue[];
  saving: boolean;
  saveError: string | null;
  tryState: TryState;
  load(): Promise<void>;
  /** Re-reads saved routes (config applied elsewhere); an unsaved draft is left alone. */
  refresh(): Promise<void>;
  open(name: string): void;
  startNew(): void;
  rename(name: string): void;
  edit(change: (model: RouteModel) => RouteModel): void;
  selectNode(id: string | null): void;
  discard(): void;
  /** After a conflict: keep the draft and save it over the route as it is now. */
  keepMine(): void;
  /** Validates, then saves; resolves true when the gateway applied the route. */
  save(): Promise<boolean>;
  remove(): Promise<boolean>;
  /** `model`: the name to ask for, when it is not the route's own (a wildcard route's). */
  runTry(prompt: string, options?: { system?: string; metadata?: Record<string, string>; model?: string }): Promise<void>;
}

export interface RoutesSlice {
  routes: RoutesState;
}

const IDLE_TRY: TryState = { running: false, result: null, error: null };

/** Provider names, when the providers slice has loaded them; null means "unknown, don't check". */
export function knownProviders(state: AppState): string[] | null {
  return state.providers.loaded ? state.providers.items.map((provider) => provider.name) : null;
}

export function createRoutesSlice(ctx: SliceContext): StateCreator<AppState, [], [], RoutesSlice> {
  return (set, get) => {
    const patch = slicePatcher(set, 'routes');
    const openFresh = (name: string, items: Record<string, RouteDto>) => {
      const route = items[name];
      if (!route) return;
      patch({
        selected: name,
        isNew: false,
        draftName: name,
        draft: routeToModel(route),
        dirty: false,
        selectedNodeId: null,
        serverIssues: [],
        saveError: null,
        conflict: false,
        draftVersion: get().routes.version,
        draftBase: JSON.stringify(route),
        changedElsewhere: false,
        tryState: IDLE_TRY,
      });
    };
    /** What the draft's route is now in `items` (JSON; null when there is none). */
    const savedNow = (items: Record<string, RouteDto>): string | null => {
      const { selected, isNew, draftName } = get().routes;
      const route = items[isNew ? draftName.trim() : (selected ?? '')];
      return route ? JSON.stringify(route) : null;
    };

    return {
      routes: {
        items: {},
        version: undefined,
        draftVersion: undefined,
        draftBase: null,
        changedElsewhere: false,
        conflict: false,
        loaded: false,
        loading: false,
        error: null,
        selected: null,
        isNew: false,
        draftName: '',
        draft: null,
        dirty: false,
        selectedNodeId: null,
        serverIssues: [],
        saving: false,
        saveError: null,
        tryState: IDLE_TRY,

        async load() {
          patch({ loading: true, error: null });
          try {
            const { routes, version } = await ctx.client().listRoutes();
            patch({ items: routes, version, loading: false, loaded: true });
          } catch (error) {
            patch({ loading: false, loaded: true, error: ctx.fail(error) });
          }
        },

        async refresh() {
          const before = get().routes;
          if (!before.loaded) return;
          try {
            const { routes: items, version } = await ctx.client().listRoutes();
            patch({ items, version });
            const { selected, dirty, isNew, draft, draftBase } = get().routes;
            const changed = selected !== null && JSON.stringify(items[selected]) !== JSON.stringify(before.items[selected]);
            if (selected !== null && !dirty && !isNew && changed) openFresh(selected, items);
            else if (draft !== null) {
              // Unsaved edits stay. A change elsewhere that left this route as the draft found it
              // cannot be lost by saving it, so the draft moves to the new version; one that
              // touched this route (or took its new name) keeps the old version: saving is a 409.
              if (savedNow(items) === draftBase) patch({ draftVersion: version });
              else patch({ changedElsewhere: true });
            }
          } catch {
            // A failed background refresh keeps what is shown; the next event tries again.
          }
        },

        open(name) {
          openFresh(name, get().routes.items);
        },

        startNew() {
          const draft = emptyRoute('fallback');
          patch({ selected: null, isNew: true, draftName: '', draft, dirty: true, selectedNodeId: draft.id, serverIssues: [], saveError: null, conflict: false, draftVersion: get().routes.version, draftBase: null, changedElsewhere: false, tryState: IDLE_TRY });
        },

        rename(name) {
          if (get().routes.isNew) patch({ draftName: name, serverIssues: [] });
        },

        edit(change) {
          const { draft } = get().routes;
          if (!draft) return;
          const next = change(draft);
          if (next !== draft) patch({ draft: next, dirty: true, serverIssues: [], saveError: null });
        },

        selectNode(id) {
          patch({ selectedNodeId: id });
        },

        discard() {
          const { selected, items } = get().routes;
          if (selected) openFresh(selected, items);
          else patch({ draft: null, isNew: false, draftName: '', dirty: false, selectedNodeId: null, serverIssues: [], saveError: null, conflict: false, changedElsewhere: false });
        },

        keepMine() {
          const { version, items } = get().routes;
          patch({ draftVersion: version, draftBase: savedNow(items), changedElsewhere: false, conflict: false, saveError: null });
        },

        async save() {
          const state = get().routes;
          if (!state.draft) return false;
          const name = state.draftName.trim();
          const issues = validateRoute(state.draft, { name, isNew: state.isNew, providers: knownProviders(get()), routes: state.items });
          if (issues.length > 0) {
            patch({ saveError: `Fix the ${issues.length === 1 ? 'problem' : `${issues.length} problems`} marked on the route first` });
            return false;
          }
          patch({ saving: true, saveError: null, serverIssues: [], conflict: false });
          try {
            const saved = await ctx.client().putRoute(name, modelToRoute(state.draft), state.draftVersion);
            const route = saved.routes[name];
            patch({ items: saved.routes, version: saved.version, draftVersion: saved.version, draftBase: route ? JSON.stringify(route) : null, changedElsewhere: false, saving: false, selected: name, isNew: false, draftName: name, dirty: false });
            get().notices.push('success', `Saved “${name}”: new requests use it now`);
            return true;
          } catch (error) {
            const serverIssues = error instanceof GatewayApiError ? mapServerIssues(error.issues, name, state.draft) : [];
            const conflict = error instanceof GatewayApiError && error.status === 409;
            patch({ saving: false, saveError: ctx.fail(error), serverIssues, conflict });
            // Fetch what changed, so the editor can say whether it was this route; the draft stays.
            if (conflict) await get().routes.refresh();
            return false;
          }
        },

        async remove() {
          const { selected } = get().routes;
          if (!selected) return false;
          try {
            const left = await ctx.client().deleteRoute(selected, get().routes.draftVersion);
            patch({ items: left.routes, version: left.version, selected: null, draft: null, isNew: false, draftName: '', dirty: false, selectedNodeId: null });
            get().notices.push('success', `Deleted “${selected}”`);
            return true;
          } catch (error) {
            patch({ saveError: ctx.fail(error) });
            return false;
          }
        },

        async runTry(prompt, { system, metadata, model } = {}) {
          const { selected } = get().routes;
          const asked = model?.trim() || selected;
          if (!selected || !asked || !prompt.trim()) return;
          patch({ tryState: { running: true, result: null, error: null } });
          try {
            const result = await ctx.client().tryRoute({
              model: asked,
              prompt,
              ...(system?.trim() ? { system } : {}),
              ...(metadata && Object.keys(metadata).length > 0 ? { metadata } : {}),
            });
            // Another route opened meanwhile has its own panel: this answer is not about it.
            if (get().routes.selected === selected) patch({ tryState: { running: false, result, error: null } });
          } catch (error) {
            if (get().routes.selected === selected) patch({ tryState: { running: false, result: null, error: ctx.fail(error) } });
          }
        },
      },
    };
  };
}
