/**
 * What the editor's pieces share: the draft's issues, the names to pick from, and the edit
 * function. React Flow node components get only `data`, so they read this context instead.
 */
import { createContext, useContext } from 'react';
import type { ProviderDto, ProviderPresetDto } from '../../../api/contract';
import type { EditorIssue, RouteModel } from '../model/types';

export interface EditorContextValue {
  issues: readonly EditorIssue[];
  providers: readonly ProviderDto[];
  presets: readonly ProviderPresetDto[];
  /** Saved route names other than the one being edited. */
  otherRoutes: readonly string[];
  edit(change: (model: RouteModel) => RouteModel): void;
  select(nodeId: string | null): void;
}

export const EditorContext = createContext<EditorContextValue | null>(null);

export function useEditor(): EditorContextValue {
  const value = useContext(EditorContext);
  if (!value) throw new Error('useEditor outside the route editor');
  return value;
}

/** The first message for a node's field, for inline errors. */
export function fieldError(issues: readonly EditorIssue[], nodeId: string, field: string): string | null {
  return issues.find((issue) => issue.nodeId === nodeId && issue.field === field)?.message ?? null;
}

/** Messages on a node that no field shows (route-level problems, unplaced server issues). */
export function nodeMessages(issues: readonly EditorIssue[], nodeId: string, shownFields: readonly string[]): string[] {
  return issues.filter((issue) => issue.nodeId === nodeId && (!issue.field || !shownFields.includes(issue.field))).map((issue) => issue.message);
}

/** Models a provider is known for (from its preset), for the model field's suggestions. */
export function modelSuggestions(providerName: string, providers: readonly ProviderDto[], presets: readonly ProviderPresetDto[]): string[] {
  const provider = providers.find((p) => p.name === providerName);
  if (!provider) return [];
  const presetId = typeof provider.config.preset === 'string' ? provider.config.preset : provider.config.type;
  const own = Array.isArray(provider.config.models) ? provider.config.models.filter((m): m is string => typeof m === 'string') : [];
  const preset = presets.find((p) => p.id === presetId) ?? presets.find((p) => p.id === provider.name);
  return [...new Set([...own, ...(preset?.models ?? [])])];
}
