/** The gateway-key form's values ↔ the API's key fields, with the checks before sending. */
import type { GatewayKeyDto } from '../../api/contract';
import type { KeyPatch, NewKeyInput } from '../../gateway-client';

export interface KeyFormValues {
  name: string;
  user: string;
  team: string;
  /** Empty: every route. */
  allowedRoutes: string[];
  rpm: string;
  tpm: string;
  concurrent: string;
  hourlyUsd: string;
  dailyUsd: string;
  monthlyUsd: string;
  /** '' never; otherwise days from now (create only). */
  expiresInDays: string;
}

export type KeyFormErrors = Partial<Record<keyof KeyFormValues, string>>;

export const EMPTY_KEY_FORM: KeyFormValues = { name: '', user: '', team: '', allowedRoutes: [], rpm: '', tpm: '', concurrent: '', hourlyUsd: '', dailyUsd: '', monthlyUsd: '', expiresInDays: '' };

const text = (value: number | undefined) => (value === undefined ? '' : String(value));

export function fromKey(key: GatewayKeyDto): KeyFormValues {
  return {
    name: key.name,
    user: key.user ?? '',
    team: key.team ?? '',
    allowedRoutes: key.allowedRoutes ?? [],
    rpm: text(key.limits?.rpm),
    tpm: text(key.limits?.tpm),
    concurrent: text(key.limits?.concurrent),
    hourlyUsd: text(key.budget?.hourlyUsd),
    dailyUsd: text(key.budget?.dailyUsd),
    monthlyUsd: text(key.budget?.monthlyUsd),
    expiresInDays: '',
  };
}

export function keyFormErrors(values: KeyFormValues): KeyFormErrors {
  const errors: KeyFormErrors = {};
  if (!values.name.trim()) errors.name = 'Name the key after who or what uses it, e.g. “laptop” or “ci”';
  for (const field of ['rpm', 'tpm', 'concurrent'] as const) {
    const value = values[field].trim();
    if (value && !(Number.isInteger(Number(value)) && Number(value) > 0)) errors[field] = 'A whole number greater than 0';
  }
  for (const field of ['hourlyUsd', 'dailyUsd', 'monthlyUsd'] as const) {
    const value = values[field].trim();
    if (value && !(Number.isFinite(Number(value)) && Number(value) > 0)) errors[field] = 'An amount in USD greater than 0';
  }
  return errors;
}

const number = (value: string): number | undefined => (value.trim() ? Number(value) : undefined);

function compact<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

/**
 * The key fields to send. Limits and budget are always sent whole (possibly empty), so clearing
 * a field in the form clears it on the key.
 */
export function toKeyInput(values: KeyFormValues, now: number): NewKeyInput {
  const days = Number(values.expiresInDays);
  return compact({
    name: values.name.trim(),
    user: values.user.trim() || undefined,
    team: values.team.trim() || undefined,
    allowedRoutes: values.allowedRoutes.length > 0 ? values.allowedRoutes : undefined,
    limits: compact({ rpm: number(values.rpm), tpm: number(values.tpm), concurrent: number(values.concurrent) }),
    budget: compact({ hourlyUsd: number(values.hourlyUsd), dailyUsd: number(values.dailyUsd), monthlyUsd: number(values.monthlyUsd) }),
    expiresAt: values.expiresInDays && days > 0 ? now + days * 86_400_000 : undefined,
  });
}

/**
 * The PATCH for an edited key: a cleared field is sent as null (the gateway clears it), limits and
 * budget whole (they are replaced whole). The budget's alert threshold, which the form does not
 * show, is kept.
 */
export function toKeyUpdate(values: KeyFormValues, key: GatewayKeyDto): KeyPatch {
  const input = toKeyInput(values, 0);
  const budget = { ...input.budget, ...(key.budget?.alertAt !== undefined ? { alertAt: key.budget.alertAt } : {}) };
  return {
    name: input.name,
    user: input.user ?? null,
    team: input.team ?? null,
    allowedRoutes: input.allowedRoutes ?? null,
    limits: input.limits && Object.keys(input.limits).length > 0 ? input.limits : null,
    budget: Object.keys(budget).some((k) => k !== 'alertAt') ? budget : null,
  };
}

export type KeyStatus = 'active' | 'revoked' | 'expired';

export function keyStatus(key: GatewayKeyDto, now: number): KeyStatus {
  if (key.status) return key.status;
  if (key.revokedAt !== undefined) return 'revoked';
  if (key.expiresAt !== undefined && key.expiresAt <= now) return 'expired';
  return 'active';
}
