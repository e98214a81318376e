/**
 * Who a request counts against, and with which limits.
 *
 * Where each limit is configured (one place per subject, to keep it simple):
 * - key:   the key record's `limits` (admin API / UI); config `limits["key:<id>"]` fills gaps,
 *          which is how the master key (id `master`) gets limits.
 * - user:  config `limits["user:<name>"]`, for the `user` on the key record.
 * - team:  config `limits["team:<name>"]`, for the `team` on the key record.
 * - route: config `routes.<name>.limits`, shared by every request that reaches the route: one
 *          that names it, and one whose route leads to it (a `{ route: <name> }` target, a rule,
 *          a default), a fallback's once it is tried (routing/plan-routes.ts). Pass-through
 *          `provider/model` names no route.
 * User and team come from the key record, never from the request body's `user` field: the
 * caller chooses that freely, so it could dodge a limit by changing it.
 */
import type { KeyIdentity } from '../server/auth';
import type { Limits, LimitSubject } from './limit-types';

/** Config-level limits by subject, keyed `key:<id>`, `user:<name>` or `team:<name>`. */
export type NamedLimits = Readonly<Record<string, Limits>>;

/** A named route and its config limits. */
export interface RouteLimits {
  name: string;
  limits?: Limits;
}

/** The config's routes by name, as far as limits read them. */
export type RoutesLimits = Readonly<Record<string, { limits?: Limits } | undefined>>;

export interface SubjectSources {
  /** The authenticated key; null when auth is open on loopback. */
  key: KeyIdentity | null;
  /** The routes counted together (`sharedRoutes` up front, `ownRoutes` when a candidate is tried); none for provider/model pass-through. */
  routes?: readonly RouteLimits[];
  named?: NamedLimits;
}

const NO_LIMITS: Readonly<Limits> = Object.freeze({});
const NO_NAMED: NamedLimits = Object.freeze({});
const NO_ROUTES: readonly RouteLimits[] = Object.freeze([]);
/** Stands for "no key" (auth open on loopback) in the memo below. */
const NO_KEY = Object.freeze({});

interface Remembered {
  named: NamedLimits;
  /** Each route's limits object, in the order of the routes. */
  routeLimits: (Limits | undefined)[];
  subjects: readonly LimitSubject[];
}

/** By key identity (one object per key until the key store reloads), then by the routes' names. */
const remembered = new WeakMap<object, Map<string | null, Remembered>>();

/**
 * `limitSubjects`, kept per key identity and list of routes: every input comes from config or
 * the key store, and those hand out new objects when they change, so a request of a known key
 * on known routes builds nothing. Kept only while `named` and each route's limits are the same
 * objects.
 */
export function subjectsOf(key: KeyIdentity | null, routes: readonly string[], config: RoutesLimits, named: NamedLimits = NO_NAMED): readonly LimitSubject[] {
  let byRoutes = remembered.get(key ?? NO_KEY);
  if (byRoutes === undefined) {
    byRoutes = new Map();
    remembered.set(key ?? NO_KEY, byRoutes);
  }
  // \u0000 cannot appear in a route name the config accepts. One route (the usual) needs no join.
  const id = routes.length === 0 ? null : routes.length === 1 ? routes[0]! : routes.join('\u0000');
  const known = byRoutes.get(id);
  if (known !== undefined && known.named === named && sameLimits(known.routeLimits, routes, config)) return known.subjects;
  const routeLimits = routes.map((name) => (Object.hasOwn(config, name) ? config[name]?.limits : undefined));
  const subjects = limitSubjects({ key, routes: routes.map((name, i) => ({ name, limits: routeLimits[i] })), named });
  byRoutes.set(id, { named, routeLimits, subjects });
  return subjects;
}

function sameLimits(known: readonly (Limits | undefined)[], routes: readonly string[], config: RoutesLimits): boolean {
  for (let i = 0; i < routes.length; i++) {
    const name = routes[i]!;
    if (known[i] !== (Object.hasOwn(config, name) ? config[name]?.limits : undefined)) return false;
  }
  return true;
}

/**
 * The subjects that have at least one limit: key, user, team, then the routes in their order.
 * Config and key records are used as they are rather than copied; nothing downstream writes to them.
 */
export function limitSubjects({ key, routes = NO_ROUTES, named = NO_NAMED }: SubjectSources): LimitSubject[] {
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
  for (const route of routes) if (hasLimit(route.limits)) subjects.push({ kind: 'route', id: route.name, limits: route.limits });
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
