import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error';
import { makeLogRecord } from '../store/log-record.fixture';
import { SqliteLogStore } from '../store/sqlite-log-store';
import { BudgetTracker, budgetSubjects, type BudgetAlert } from './budgets';
import type { BudgetLimits } from './limit-types';

let time: number;
let config: Record<string, BudgetLimits>;
const now = (): number => time;
const tracker = (): BudgetTracker => new BudgetTracker({ budgets: () => config, now });

beforeEach(() => {
  time = Date.parse('2026-11-20T15:30:00Z');
  config = {};
});

function refusal(run: () => void): GatewayError {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected the budget check to refuse');
}

const alice = { keyId: 'key_alice', keyName: 'alice-laptop', team: 'ml' };
const bob = { keyId: 'key_bob', keyName: 'bob-ci', team: 'ml' };

describe('BudgetTracker hard stop', () => {
  it('refuses once a team budget is used up, saying which budget, how much and when it resets', () => {
    config = { 'team:ml': { monthlyUsd: 100 } };
    const budgets = tracker();
    budgets.record({ ...alice, costUsd: 60 });
    budgets.check(bob);
    budgets.record({ ...bob, costUsd: 40.42 });
    const error = refusal(() => budgets.check(bob));
    expect(error).toMatchObject({ status: 429, kind: 'rate_limit', code: 'budget_exceeded', retryable: false });
    expect(error.message).toBe("Monthly budget of $100.00 for team 'ml' is used up ($100.42 spent); it resets 2026-12-01T00:00:00Z");
    expect(error.retryAfterSeconds).toBe((Date.parse('2026-12-01T00:00:00Z') - time) / 1000);
    expect(error.headers).toEqual({ 'x-should-retry': 'false' });
    // Another team, and a request without a key, are not affected by team ml's budget.
    budgets.check({ keyId: 'key_carol', team: 'web' });
    budgets.check({});
  });

  it('names amounts under a cent in their own digits, never as $0.00', () => {
    config = { global: { dailyUsd: 0.001 } };
    const budgets = tracker();
    budgets.record({ keyId: null, costUsd: 0.0027 });
    expect(refusal(() => budgets.check({})).message).toMatch(/^Daily budget of \$0\.001 for the whole gateway is used up \(\$0\.0027 spent\)/);
  });

  it('lets a daily budget through again the next UTC day', () => {
    config = { global: { dailyUsd: 5 } };
    const budgets = tracker();
    budgets.record({ keyId: null, costUsd: 5 });
    expect(refusal(() => budgets.check({})).message).toBe('Daily budget of $5.00 for the whole gateway is used up ($5.00 spent); it resets 2026-11-21T00:00:00Z');
    time = Date.parse('2026-11-21T00:00:00Z');
    budgets.check({});
  });

  it('stops a runaway key within the hour with an hourly budget, and lets it through the next hour', () => {
    config = { 'key:key_alice': { hourlyUsd: 2, dailyUsd: 20 } };
    const budgets = tracker();
    budgets.record({ ...alice, costUsd: 1.5 });
    budgets.check(alice);
    budgets.record({ ...alice, costUsd: 0.75 });
    const error = refusal(() => budgets.check(alice));
    expect(error.message).toBe("Hourly budget of $2.00 for key 'alice-laptop' is used up ($2.25 spent); it resets 2026-11-20T16:00:00Z");
    expect(error.retryAfterSeconds).toBe(30 * 60);
    expect(budgets.usage(alice).map((usage) => [usage.period, usage.spentUsd, usage.resetsAt])).toEqual([
      ['hourly', 2.25, '2026-11-20T16:00:00Z'],
      ['daily', 2.25, '2026-11-21T00:00:00Z'],
    ]);
    time = Date.parse('2026-11-20T16:00:00Z');
    budgets.check(alice);
    budgets.record({ ...alice, costUsd: 1 });
    expect(budgets.spent('key:key_alice', 'hourly')).toBe(1);
    expect(budgets.spent('key:key_alice', 'daily')).toBe(3.25);
  });

  it('charges a call that settles after its hour ended to that hour, without alerting about a period already over', () => {
    config = { global: { hourlyUsd: 1 } };
    const budgets = tracker();
    const alerts: BudgetAlert[] = [];
    budgets.onAlert((alert) => alerts.push(alert));
    time = Date.parse('2026-11-20T15:50:00Z');
    budgets.record({ keyId: null, costUsd: 0.85 });
    expect(alerts.map((alert) => alert.level)).toEqual(['threshold']);
    time = Date.parse('2026-11-20T16:00:05Z');
    budgets.record({ keyId: null, costUsd: 0.3, at: Date.parse('2026-11-20T15:59:00Z') });
    expect(alerts).toHaveLength(1);
    expect(budgets.spent('global', 'hourly')).toBe(0);
    budgets.check({});
  });

  it('names the used-up budget that resets last when several are', () => {
    config = { global: { dailyUsd: 1, weeklyUsd: 2, monthlyUsd: 50 } };
    const budgets = tracker();
    budgets.record({ ...alice, costUsd: 3 });
    // 2026-11-20 is a Friday: the week resets Monday the 23rd.
    expect(refusal(() => budgets.check(alice)).message).toBe('Weekly budget of $2.00 for the whole gateway is used up ($3.00 spent); it resets 2026-11-23T00:00:00Z');
  });

  it("uses the key record's budget over the config's key: entry, field by field", () => {
    config = { 'key:key_alice': { dailyUsd: 100, monthlyUsd: 3 } };
    const budgets = tracker();
    const key = { id: 'key_alice', name: 'alice-laptop', team: 'ml', budget: { dailyUsd: 2 } };
    budgets.record({ ...budgetSubjects(key), costUsd: 2.5 });
    expect(refusal(() => budgets.check(budgetSubjects(key))).message).toContain("Daily budget of $2.00 for key 'alice-laptop'");
    // The master key has no record: its budget comes from config alone.
    config = { 'key:master': { monthlyUsd: 1 } };
    budgets.record({ ...budgetSubjects({ id: 'master', name: 'master key' }), costUsd: 1 });
    expect(refusal(() => budgets.check(budgetSubjects({ id: 'master', name: 'master key' }))).message).toContain("Monthly budget of $1.00 for key 'master key'");
  });

  it('charges a call to the day it arrived, even when it finishes after midnight', () => {
    config = { global: { dailyUsd: 10 } };
    const budgets = tracker();
    time = Date.parse('2026-11-20T23:59:59Z');
    const arrived = time;
    budgets.check({});
    time = Date.parse('2026-11-21T00:00:02Z');
    budgets.check({});
    budgets.record({ keyId: null, costUsd: 11, at: arrived });
    expect(budgets.spent('global', 'daily', arrived)).toBe(11);
    // The new day starts empty; the week (Monday 16th to Sunday 22nd) has both days.
    budgets.check({});
    budgets.record({ keyId: null, costUsd: 1 });
    expect(budgets.spent('global', 'daily')).toBe(1);
    expect(budgets.spent('global', 'weekly')).toBe(12);
  });

  it("keeps the new day's and month's spend when a call from before midnight finishes after it", () => {
    config = { global: { dailyUsd: 10, monthlyUsd: 100 } };
    const budgets = tracker();
    time = Date.parse('2026-11-30T23:59:50Z');
    const arrived = time;
    time = Date.parse('2026-12-01T00:00:05Z');
    budgets.record({ keyId: null, costUsd: 10 });
    time = Date.parse('2026-12-01T00:00:30Z');
    // The long call that arrived on the 30th ends now: charged to November, not clearing December.
    budgets.record({ keyId: null, costUsd: 0.5, at: arrived });
    expect(budgets.spent('global', 'daily')).toBe(10);
    expect(budgets.spent('global', 'monthly')).toBe(10);
    expect(budgets.spent('global', 'monthly', arrived)).toBe(0.5);
    expect(refusal(() => budgets.check({})).code).toBe('budget_exceeded');
  });

  it('applies a budget added to the config later to the spend already made this period', () => {
    const budgets = tracker();
    budgets.record({ ...alice, costUsd: 12 });
    budgets.check(alice);
    config = { 'team:ml': { weeklyUsd: 10 } };
    expect(refusal(() => budgets.check(alice)).message).toContain("Weekly budget of $10.00 for team 'ml'");
  });
});

describe('BudgetTracker alerts', () => {
  it('emits one threshold alert and one exhausted alert per budget per period', () => {
    config = { 'team:ml': { monthlyUsd: 10, alertAt: 0.5 } };
    const budgets = tracker();
    const alerts: BudgetAlert[] = [];
    budgets.onAlert((alert) => alerts.push(alert));
    budgets.record({ ...alice, costUsd: 4 });
    expect(alerts).toEqual([]);
    budgets.record({ ...alice, costUsd: 2 });
    budgets.record({ ...bob, costUsd: 1 });
    budgets.record({ ...bob, costUsd: 4 });
    budgets.record({ ...bob, costUsd: 4 });
    expect(alerts).toEqual([
      { level: 'threshold', scope: 'team:ml', subject: "team 'ml'", period: 'monthly', limitUsd: 10, spentUsd: 6, alertAt: 0.5, periodStart: '2026-11-01T00:00:00Z', resetsAt: '2026-12-01T00:00:00Z' },
      { level: 'exhausted', scope: 'team:ml', subject: "team 'ml'", period: 'monthly', limitUsd: 10, spentUsd: 11, alertAt: 0.5, periodStart: '2026-11-01T00:00:00Z', resetsAt: '2026-12-01T00:00:00Z' },
    ]);
    time = Date.parse('2026-12-02T08:00:00Z');
    budgets.record({ ...alice, costUsd: 5 });
    expect(alerts.map((alert) => [alert.level, alert.periodStart])).toEqual([
      ['threshold', '2026-11-01T00:00:00Z'],
      ['exhausted', '2026-11-01T00:00:00Z'],
      ['threshold', '2026-12-01T00:00:00Z'],
    ]);
  });

  it("takes a key budget's limit and threshold from the key record over config, field by field", () => {
    config = { 'key:key_alice': { monthlyUsd: 10, alertAt: 0.9 } };
    const budgets = tracker();
    const alerts: BudgetAlert[] = [];
    budgets.onAlert((alert) => alerts.push(alert));
    const subjects = budgetSubjects({ id: 'key_alice', name: 'alice-laptop', budget: { alertAt: 0.5 } });
    budgets.record({ ...subjects, costUsd: 5 });
    expect(alerts.map((alert) => [alert.level, alert.scope, alert.limitUsd, alert.alertAt])).toEqual([['threshold', 'key:key_alice', 10, 0.5]]);
  });

  it('uses 80% as the default threshold and stops calling a listener that unsubscribed', () => {
    config = { global: { dailyUsd: 10 } };
    const budgets = tracker();
    const alerts: BudgetAlert[] = [];
    const unsubscribe = budgets.onAlert((alert) => alerts.push(alert));
    budgets.record({ keyId: null, costUsd: 7.99 });
    expect(alerts).toEqual([]);
    budgets.record({ keyId: null, costUsd: 0.01 });
    expect(alerts.map((alert) => alert.level)).toEqual(['threshold']);
    unsubscribe();
    budgets.record({ keyId: null, costUsd: 5 });
    expect(alerts).toHaveLength(1);
  });
});

describe('BudgetTracker across restarts', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-budgets-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('seeds this week and month from the logged spend, by key, team and globally', async () => {
    time = Date.parse('2026-03-04T10:00:00Z'); // a Wednesday; the week began Monday 2 March
    const file = join(dir, 'switchboard.db');
    const first = SqliteLogStore.open(file);
    first.append(makeLogRecord({ ts: Date.parse('2026-02-27T12:00:00Z'), keyId: 'key_alice', team: 'ml', costUsd: 50 })); // last month and week
    first.append(makeLogRecord({ ts: Date.parse('2026-03-01T12:00:00Z'), keyId: 'key_alice', team: 'ml', costUsd: 7 })); // this month, last week
    first.append(makeLogRecord({ ts: Date.parse('2026-03-02T12:00:00Z'), keyId: 'key_bob', team: 'ml', costUsd: 2 }));
    first.append(makeLogRecord({ ts: Date.parse('2026-03-04T09:00:00Z'), keyId: 'key_alice', team: 'ml', costUsd: 1.5 }));
    first.append(makeLogRecord({ ts: Date.parse('2026-03-04T09:30:00Z'), keyId: null, costUsd: 0.25 }));
    await first.close();

    const reopened = SqliteLogStore.open(file);
    try {
      config = { 'team:ml': { monthlyUsd: 10 } };
      const budgets = await BudgetTracker.open(reopened, { budgets: () => config, now });
      expect(budgets.spent('key:key_alice', 'daily')).toBe(1.5);
      expect(budgets.spent('key:key_alice', 'weekly')).toBe(1.5);
      expect(budgets.spent('key:key_alice', 'monthly')).toBe(8.5);
      expect(budgets.spent('team:ml', 'weekly')).toBe(3.5);
      expect(budgets.spent('team:ml', 'monthly')).toBe(10.5);
      expect(budgets.spent('global', 'daily')).toBe(1.75);
      expect(refusal(() => budgets.check(bob)).message).toBe("Monthly budget of $10.00 for team 'ml' is used up ($10.50 spent); it resets 2026-04-01T00:00:00Z");
      // Spend after the restart adds to the seeded totals.
      budgets.record({ ...alice, costUsd: 1 });
      expect(budgets.spent('team:ml', 'monthly')).toBe(11.5);
    } finally {
      await reopened.close();
    }
  });

  it('seeds each team with what was spent while a key was in it, not with the team the key is in now', async () => {
    time = Date.parse('2026-03-04T10:00:00Z');
    const file = join(dir, 'switchboard.db');
    const first = SqliteLogStore.open(file);
    first.append(makeLogRecord({ ts: Date.parse('2026-03-04T08:00:00Z'), keyId: 'key_alice', team: 'ml', costUsd: 4 }));
    // Then alice's key moved to research.
    first.append(makeLogRecord({ ts: Date.parse('2026-03-04T09:00:00Z'), keyId: 'key_alice', team: 'research', costUsd: 1 }));
    await first.close();

    const reopened = SqliteLogStore.open(file);
    try {
      config = { 'team:ml': { dailyUsd: 4 }, 'team:research': { dailyUsd: 4 } };
      const budgets = await BudgetTracker.open(reopened, { budgets: () => config, now });
      expect(budgets.spent('key:key_alice', 'daily')).toBe(5);
      expect(budgets.spent('team:ml', 'daily')).toBe(4);
      expect(budgets.spent('team:research', 'daily')).toBe(1);
      expect(refusal(() => budgets.check(bob)).message).toContain("team 'ml' is used up");
      budgets.check({ ...alice, team: 'research' });
    } finally {
      await reopened.close();
    }
  });

  it("seeds a team's hour with what was spent in it this hour, after its key moved to another team", async () => {
    const file = join(dir, 'switchboard.db');
    const first = SqliteLogStore.open(file);
    first.append(makeLogRecord({ ts: Date.parse('2026-03-04T10:05:00Z'), keyId: 'key_alice', team: 'ml', costUsd: 2 }));
    first.append(makeLogRecord({ ts: Date.parse('2026-03-04T10:15:00Z'), keyId: 'key_alice', team: 'research', costUsd: 0.5 }));
    // And a row from a version that kept no team: it goes to the team the key is in now.
    first.append(makeLogRecord({ ts: Date.parse('2026-03-04T10:20:00Z'), keyId: 'key_alice', costUsd: 0.25 }));
    await first.close();
    const db = new Database(file);
    db.prepare('UPDATE request_log SET team = NULL WHERE ts = ?').run(Date.parse('2026-03-04T10:20:00Z'));
    db.prepare("INSERT INTO gateway_keys (id, name, hash, prefix, team, created_at, updated_at) VALUES ('key_alice', 'alice', 'h', 'sk-sb-', 'research', 0, 0)").run();
    db.close();

    const reopened = SqliteLogStore.open(file);
    try {
      time = Date.parse('2026-03-04T10:30:00Z');
      config = {};
      const budgets = await BudgetTracker.open(reopened, { budgets: () => config, now });
      expect(budgets.spent('team:ml', 'hourly')).toBe(2);
      expect(budgets.spent('team:research', 'hourly')).toBe(0.75);
      expect(budgets.spent('key:key_alice', 'hourly')).toBe(2.75);
    } finally {
      await reopened.close();
    }
  });

  it("seeds this hour's spend from the log's rows, the day's from the rollup, counting neither twice", async () => {
    const file = join(dir, 'switchboard.db');
    const first = SqliteLogStore.open(file);
    first.append(makeLogRecord({ ts: Date.parse('2026-03-04T09:50:00Z'), keyId: 'key_alice', team: 'ml', costUsd: 3 }));
    first.append(makeLogRecord({ ts: Date.parse('2026-03-04T10:10:00Z'), keyId: 'key_alice', team: 'ml', costUsd: 1.25 }));
    first.append(makeLogRecord({ ts: Date.parse('2026-03-04T10:20:00Z'), keyId: null, costUsd: 0.5 }));
    await first.close();

    const reopened = SqliteLogStore.open(file);
    try {
      time = Date.parse('2026-03-04T10:30:00Z');
      config = { global: { hourlyUsd: 1.5 } };
      const budgets = await BudgetTracker.open(reopened, { budgets: () => config, now });
      expect(budgets.spent('key:key_alice', 'hourly')).toBe(1.25);
      expect(budgets.spent('key:key_alice', 'daily')).toBe(4.25);
      expect(budgets.spent('global', 'hourly')).toBe(1.75);
      expect(refusal(() => budgets.check({})).message).toBe('Hourly budget of $1.50 for the whole gateway is used up ($1.75 spent); it resets 2026-03-04T11:00:00Z');

      // In the day's first hour the rollup's day is that hour: still counted once.
      time = Date.parse('2026-03-05T00:30:00Z');
      reopened.append(makeLogRecord({ ts: Date.parse('2026-03-05T00:10:00Z'), keyId: 'key_alice', costUsd: 2 }));
      const midnight = await BudgetTracker.open(reopened, { budgets: () => config, now });
      expect(midnight.spent('key:key_alice', 'hourly')).toBe(2);
      expect(midnight.spent('key:key_alice', 'daily')).toBe(2);
    } finally {
      await reopened.close();
    }
  });
});
