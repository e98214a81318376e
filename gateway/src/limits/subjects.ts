/**
 * Who a request counts against, and with which limits.
 *
 * Where each limit is configured (one place per subject, to keep it simple):
 * - key:   the key record's `limits` (admin API / UI); config `limits["key:<id>"]` fills gaps,
 *          which is how the master key (id `master`) gets limits.
 * - user:  config `limits["user:<name>"]`, for the `user` on the key record.
 * - team:  config `limits["team:<name>"]`, for the `team` on the key record.
 * - route: config `routes.<name>.limits`, shared by every caller of the route.
 * User and team come from the key record, never from the request body's `user` field: the
 * caller chooses that freely, so it could dodge a limit by changing it.
 */
import type { KeyIdentity } from '../server/auth';
import type { Limits, LimitSubject } from './limit-types';

/** Config-level limits by subject, keyed `key:<id>`, `user:<name>` or `team:<name>`. */
export type NamedLimits = Readonly<Record<string, Limits>>;

export interface SubjectSources {
  /** The authenticated key; null when auth is open on loopback. */
  key: KeyIdentity | null;
  /** The route that matched (`plan.route`) and its config limits; null for provider/model pass-through. */
  route: { name: string; limits?: Limits } | null;
  named?: NamedLimits;
}

const NO_LIMITS: Readonly<Limits> = Object.freeze({});
const NO_NAMED: NamedLimits = Object.freeze({});
/** Stands for "no key" (auth open on loopback) in the memo below. */
const NO_KEY = Object.freeze({});

interface Remembered {
  named: NamedLimits;
  routeLimits: Limits | undefined;
  subjects: readonly LimitSubject[];
}

/** By key identity (one object per key until the key store reloads), then by route name. */
const remembered = new WeakMap<object, Map<string | null, Remembered>>();

/**
 * `limitSubjects`, kept per key identity and route: every input comes from config or the key
 * store, and those hand out new objects when they change, so a request of a known key on a
 * known route builds nothing. Kept only while `named` and the route's limits are the same objects.
 */
export function subjectsOf(key: KeyIdentity | null, route: string | null, routeLimits: Limits | undefined, named: NamedLimits = NO_NAMED): readonly LimitSubject[] {
  let byRoute = remembered.get(key ?? NO_KEY);
  if (byRoute === undefined) {
    byRoute = new Map();
    remembered.set(key ?? NO_KEY, byRoute);
  }
  const known = byRoute.get(route);
  if (known !== undefined && known.named === named && known.routeLimits === routeLimits) return known.subjects;
  const subjects = limitSubjects({ key, route: route === null ? null : { name: route, limits: routeLimits }, named });
  byRoute.set(route, { named, routeLimits, subjects });
  return subjects;
}

/**
 * The subjects that have at least one limit, key first and route last. Config and key records
 * are used as they are rather than copied; nothing downstream writes to them.
 */
export function limitSubjects({ key, route, named = NO_NAMED }: SubjectSources): LimitSubject[] {
  const subjects: LimitSubject[] = [];
  if (key) {
    const limits = keyLimits(named[`key:${key.id}`], key.limits);
    if (hasLimit(limits)) subjects.push({ kind: 'key', id: key.id, label: key.name, limits });
    if (key.user) {
      const limits = named[`user:${key.user}`];
      if (hasLimit(limits)) subjects.push({ kind: 'user', id: key.user, limits });
    }
    if (key.team) {
      const limits = named[`team:${key.team}`];
      if (hasLimit(limits)) subjects.push({ kind: 'team', id: key.team, limits });
    }
  }
  if (route && hasLimit(route.limits)) subjects.push({ kind: 'route', id: route.name, limits: route.limits });
  return subjects;
}

const hasLimit = (limits: Limits | undefined): limits is Limits => limits !== undefined && (limits.rpm !== undefined || limits.tpm !== undefined || limits.concurrent !== undefined);

/**
 * The key record's limits over config's `key:<id>` entry, field by field: a field the record
 * leaves undefined keeps the config's value.
 */
function keyLimits(config: Limits | undefined, own: Limits | undefined): Readonly<Limits> {
  if (!config) return own ?? NO_LIMITS;
  if (!own) return config;
  const merged: Limits = {};
  const rpm = own.rpm !== undefined ? own.rpm : config.rpm;
  const tpm = own.tpm !== undefined ? own.tpm : config.tpm;
  const concurrent = own.concurrent !== undefined ? own.concurrent : config.concurrent;
  if (rpm !== undefined) merged.rpm = rpm;
  if (tpm !== undefined) merged.tpm = tpm;
  if (concurrent !== undefined) merged.concurrent = concurrent;
  return merged;
}
