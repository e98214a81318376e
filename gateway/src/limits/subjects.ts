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

/** The subjects that have at least one limit, key first and route last. */
export function limitSubjects({ key, route, named = {} }: SubjectSources): LimitSubject[] {
  const subjects: LimitSubject[] = [];
  const push = (subject: LimitSubject): void => {
    if (hasLimit(subject.limits)) subjects.push(subject);
  };
  if (key) {
    push({ kind: 'key', id: key.id, label: key.name, limits: { ...defined(named[`key:${key.id}`]), ...defined(key.limits) } });
    if (key.user) push({ kind: 'user', id: key.user, limits: { ...named[`user:${key.user}`] } });
    if (key.team) push({ kind: 'team', id: key.team, limits: { ...named[`team:${key.team}`] } });
  }
  if (route) push({ kind: 'route', id: route.name, limits: { ...route.limits } });
  return subjects;
}

const hasLimit = (limits: Limits): boolean => limits.rpm !== undefined || limits.tpm !== undefined || limits.concurrent !== undefined;

/** Drops undefined fields so spreading a partial record does not erase the config's values. */
function defined(limits: Limits | undefined): Limits {
  const out: Limits = {};
  if (limits?.rpm !== undefined) out.rpm = limits.rpm;
  if (limits?.tpm !== undefined) out.tpm = limits.tpm;
  if (limits?.concurrent !== undefined) out.concurrent = limits.concurrent;
  return out;
}
