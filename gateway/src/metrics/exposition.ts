/**
 * The Prometheus text exposition format (version 0.0.4), which Prometheus, Grafana Agent,
 * VictoriaMetrics and the OpenTelemetry collector's Prometheus receiver all scrape: each
 * family's `# HELP` and `# TYPE` lines, then its samples, one per line.
 */

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type MetricType = 'counter' | 'gauge' | 'histogram';
export type Labels = Readonly<Record<string, string>>;

/** A family's samples written as text; families must not repeat. */
export class Exposition {
  private out = '';
  private readonly families = new Set<string>();

  /** Starts a family: its samples follow. */
  family(name: string, type: MetricType, help: string): this {
    if (this.families.has(name)) throw new Error(`metric family ${name} written twice`);
    this.families.add(name);
    this.out += `# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n# TYPE ${name} ${type}\n`;
    return this;
  }

  sample(name: string, labels: Labels, value: number): this {
    this.out += `${name}${labelText(labels)} ${numberText(value)}\n`;
    return this;
  }

  /**
   * A histogram's samples from its bucket counts (not cumulative; one per bound, in ascending
   * order, then those above the last bound): `_bucket` for each bound and `+Inf`, `_sum`, `_count`.
   */
  histogram(name: string, labels: Labels, bounds: readonly number[], counts: readonly number[], sum: number): this {
    let cumulative = 0;
    for (let i = 0; i < bounds.length; i += 1) {
      cumulative += counts[i] ?? 0;
      this.sample(`${name}_bucket`, { ...labels, le: numberText(bounds[i] ?? 0) }, cumulative);
    }
    cumulative += counts[bounds.length] ?? 0;
    this.sample(`${name}_bucket`, { ...labels, le: '+Inf' }, cumulative);
    this.sample(`${name}_sum`, labels, sum);
    return this.sample(`${name}_count`, labels, cumulative);
  }

  text(): string {
    return this.out;
  }
}

function labelText(labels: Labels): string {
  let out = '';
  for (const [name, value] of Object.entries(labels)) {
    out += `${out === '' ? '{' : ','}${name}="${value.replace(/[\\"\n]/g, escapeLabelChar)}"`;
  }
  return out === '' ? '' : `${out}}`;
}

const escapeLabelChar = (char: string): string => (char === '\n' ? '\\n' : `\\${char}`);

function numberText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}
