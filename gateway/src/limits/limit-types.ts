/**
 * The shapes limits and budgets share across keys, config and the limiter. Kept here (not in
 * keys/ or server/) so every module can name them without import cycles.
 */

/** Per-minute request and token limits and a cap on requests in flight. Absent = unlimited. */
export interface Limits {
  rpm?: number;
  tpm?: number;
  concurrent?: number;
}

/** USD budgets per UTC hour, day, ISO week and calendar month; `alertAt` is the soft threshold (0–1]. */
export interface BudgetLimits {
  /** A runaway agent's guard: it spends a day's budget in an hour, and this stops it in that hour. */
  hourlyUsd?: number;
  dailyUsd?: number;
  weeklyUsd?: number;
  monthlyUsd?: number;
  alertAt?: number;
}

/** Whom a limit applies to. `user` and `team` come from the gateway key's record. */
export type SubjectKind = 'key' | 'user' | 'team' | 'route';

/** One party a request is counted against, with the limits that apply to it. */
export interface LimitSubject {
  kind: SubjectKind;
  /** Stable id: the key id, user name, team name or route name. */
  id: string;
  /** How messages name it (a key's name rather than its id); defaults to `id`. */
  label?: string;
  /** Often the config's or key record's own object: read it, never write to it. */
  limits: Readonly<Limits>;
}
