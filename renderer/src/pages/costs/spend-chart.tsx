import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { axisProps, gridProps, seriesColor, tooltipProps } from '../../components/charts/chart-theme';
import { formatUsd, formatUsdTick } from '../../format/format';
import type { StackedSpend } from './spend-aggregate';

const shortDay = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

export function SpendChart({ data, label, nameOf }: { data: StackedSpend; label: string; nameOf(group: string): string }) {
  return (
    <div style={{ height: 300 }} role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data.rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid {...gridProps} />
          <XAxis dataKey="day" {...axisProps} tickFormatter={shortDay} minTickGap={18} />
          <YAxis {...axisProps} width={60} tickFormatter={formatUsdTick} />
          <Tooltip {...tooltipProps} labelFormatter={(day) => shortDay(String(day))} formatter={(value, name) => [formatUsd(Number(value)), nameOf(String(name))]} />
          <Legend wrapperStyle={{ fontSize: 12 }} formatter={(value) => nameOf(String(value))} />
          {data.groups.map((group, index) => (
            <Bar key={group} dataKey={group} stackId="spend" fill={seriesColor(index)} isAnimationActive={false} radius={index === data.groups.length - 1 ? [3, 3, 0, 0] : 0} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
