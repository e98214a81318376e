import { Area, AreaChart, ResponsiveContainer, Tooltip, YAxis } from 'recharts';

export interface SparkPoint {
  t: number;
  value: number;
}

/** A tiny area chart for a stat tile. Its numbers are in the tile's text; the chart is decoration. */
export function Sparkline({ points, color = 'var(--series-1)', format }: { points: readonly SparkPoint[]; color?: string; format?: (value: number) => string }) {
  if (points.length < 2) return <div className="stat-chart" aria-hidden="true" />;
  return (
    <div className="stat-chart" aria-hidden="true">
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={points as SparkPoint[]} margin={{ top: 2, right: 0, bottom: 0, left: 0 }}>
          <YAxis hide domain={[0, 'auto']} />
          <Tooltip
            cursor={false}
            contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 6, fontSize: 12 }}
            labelFormatter={() => ''}
            formatter={(value) => [format ? format(Number(value)) : String(value), '']}
            separator=""
          />
          <Area type="monotone" dataKey="value" stroke={color} strokeWidth={1.8} fill={color} fillOpacity={0.14} isAnimationActive={false} />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
