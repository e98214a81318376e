import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { axisProps, gridProps, tooltipProps } from '../../components/charts/chart-theme';
import { formatBucket, formatPercent } from '../../format/format';
import type { TimeBucket } from '../../gateway-client';
import type { CachePoint } from './cache-series';

export function CacheChart({ points, bucket }: { points: CachePoint[]; bucket: TimeBucket }) {
  return (
    <div style={{ height: 280 }} role="img" aria-label={`Cache hits, misses and hit rate per ${bucket}`}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid {...gridProps} />
          <XAxis dataKey="t" {...axisProps} tickFormatter={(t: number) => formatBucket(t, bucket)} minTickGap={24} />
          <YAxis yAxisId="count" {...axisProps} allowDecimals={false} width={40} />
          <YAxis yAxisId="rate" orientation="right" {...axisProps} domain={[0, 1]} tickFormatter={(v: number) => formatPercent(v, 0)} width={44} />
          <Tooltip {...tooltipProps} labelFormatter={(t) => formatBucket(Number(t), bucket)} formatter={(value, name) => (name === 'Hit rate' ? formatPercent(Number(value)) : String(value))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar yAxisId="count" dataKey="hits" name="Hits" stackId="lookups" fill="var(--series-2)" radius={[0, 0, 0, 0]} isAnimationActive={false} />
          <Bar yAxisId="count" dataKey="misses" name="Misses" stackId="lookups" fill="var(--series-8)" radius={[3, 3, 0, 0]} isAnimationActive={false} />
          <Line yAxisId="rate" dataKey="hitRate" name="Hit rate" stroke="var(--series-1)" strokeWidth={2} dot={LoneDot} connectNulls={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

/** A dot only where the rate stands alone (see CachePoint.lone); elsewhere the line says it. */
function LoneDot({ cx, cy, payload }: { cx?: number; cy?: number; payload?: CachePoint }) {
  if (!payload?.lone || cx === undefined || cy === undefined) return null;
  return <circle cx={cx} cy={cy} r={3} fill="var(--series-1)" />;
}
