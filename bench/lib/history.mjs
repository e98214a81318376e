// Before and after: bench/history.json keeps the headline figures of every full run, so
// results.md can show how Switchboard moved across changes, not just where it stands now.
// Each entry is measured in one run on one machine; compare ratios, not absolute req/s,
// across entries (the shared machine's speed varies from day to day).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const num = (value) => typeof value === 'number' && Number.isFinite(value);
const round = (value, digits = 2) => (num(value) ? Math.round(value * 10 ** digits) / 10 ** digits : undefined);
const sub = (a, b) => (num(a) && num(b) ? a - b : undefined);
const div = (a, b) => (num(a) && num(b) && b !== 0 ? a / b : undefined);

/** The headline figures of one run, from results.json. */
export function historyEntry(results, { label, commit } = {}) {
  const t = results.targets;
  const sb = t.switchboard;
  // The alternating rounds' ratios when the run has them (lib/interleave.mjs).
  const rounds = results.interleaved?.ratios;
  return {
    date: results.meta.date,
    commit: commit ?? currentCommit(),
    label: label ?? '',
    switchboardRps: sb?.throughput?.load?.rps,
    minimalRps: t.minimal?.throughput?.load?.rps,
    portkeyRps: t.portkey?.throughput?.load?.rps,
    vsMinimal: round(rounds?.switchboard?.minimal ?? div(sb?.throughput?.load?.rps, t.minimal?.throughput?.load?.rps)),
    vsPortkey: round(rounds?.switchboard?.portkey ?? div(sb?.throughput?.load?.rps, t.portkey?.throughput?.load?.rps)),
    cpuUsPerRequest: sb?.throughput?.cpuUsPerRequest,
    cacheHitVsMinimal: round(rounds?.cacheHit?.minimal ?? div(t.cacheHit?.throughput?.load?.rps, t.minimal?.throughput?.load?.rps)),
    ratiosFrom: rounds ? 'rounds' : 'phases',
    addedP50Ms: round(sub(sb?.latency1?.latencyMs?.p50, t.direct?.latency1?.latencyMs?.p50), 3),
    addedP99Ms: round(sub(sb?.latency1?.latencyMs?.p99, t.direct?.latency1?.latencyMs?.p99), 3),
    addedTtftP99Ms: round(sub(sb?.ttft?.p99, t.direct?.ttft?.p99), 3),
    streamsRssPeakMb: sb?.streams?.rssMb?.peak,
    streamsStalled: sb?.streams?.stalled,
    loopLagP99Ms: round(sb?.throughput?.eventLoop?.p99),
    // Recorded from session 20, when the steady phase became a really steady load (lib/paced.mjs).
    steadyLagP99Ms: round(sb?.steady?.eventLoop?.p99),
    logStoreRowsPerSec: logStoreRows(results.logStore),
  };
}

function logStoreRows(logStore) {
  if (num(logStore?.rowsPerSec)) return logStore.rowsPerSec;
  const match = /([\d,]+) rows\/s/.exec(logStore?.output ?? '');
  return match ? Number(match[1].replaceAll(',', '')) : undefined;
}

function currentCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

export function readHistory(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
}

/** Appends this run (a full run only: a partial one has no ratios to compare). */
export function appendHistory(file, entry) {
  const history = readHistory(file);
  history.push(entry);
  writeFileSync(file, `${JSON.stringify(history, null, 2)}\n`);
  return history;
}

const cell = (value, suffix = '', digits = 2) => (num(value) ? `${value.toLocaleString('en-US', { maximumFractionDigits: digits })}${suffix}` : '—');

/** The table for results.md, oldest first. */
export function historyTable(history) {
  if (history.length === 0) return '';
  const lines = [
    '| run | Switchboard req/s (÷ minimal proxy · ÷ Portkey) | CPU µs/req | cache hit ÷ minimal | added p50 / p99, 1 in flight | added TTFT p99 | loop lag p99 saturated / steady | log store rows/s |',
    '|---|---|---:|---:|---|---:|---:|---:|',
  ];
  for (const e of history) {
    const from = e.ratiosFrom === 'rounds' ? ' (ratios: alternating rounds)' : '';
    const run = `${e.date.slice(0, 10)} ${e.commit ?? ''}${e.label ? ` — ${e.label}` : ''}${from}`;
    lines.push(
      `| ${run} | ${cell(e.switchboardRps, '', 0)} (${cell(e.vsMinimal, '×')} · ${cell(e.vsPortkey, '×')}) | ${cell(e.cpuUsPerRequest, '', 0)} | ${cell(e.cacheHitVsMinimal, '×')} | ${cell(e.addedP50Ms, ' ms', 3)} / ${cell(e.addedP99Ms, ' ms', 1)} | ${cell(e.addedTtftP99Ms, ' ms', 1)} | ${cell(e.loopLagP99Ms, ' ms', 1)} / ${cell(e.steadyLagP99Ms, ' ms', 1)} | ${cell(e.logStoreRowsPerSec, '', 0)} |`,
    );
  }
  return lines.join('\n');
}
