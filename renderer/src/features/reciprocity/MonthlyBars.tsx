import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MonthTotals } from '../../../../shared/vault/insight-queries.ts';

/** The chart's colours follow the theme through CSS variables. */
export const CHART_COLOURS = { gave: 'var(--gave)', received: 'var(--received)', mutual: 'var(--mutual)', grid: 'var(--border)', text: 'var(--text-2)' } as const;
export const SERIES = ['gave', 'received', 'mutual'] as const;
/** Tooltips in the theme's colours. */
export const TOOLTIP_PROPS = { cursor: { fill: 'var(--surface-2)' }, contentStyle: { background: 'var(--surface)', border: '1px solid var(--border)', color: 'var(--text)' } } as const;

/** Gave / received / mutual per month as grouped bars; `label` describes it to screen readers (a table says the same). */
export function MonthlyBars({ months, height, label }: { readonly months: readonly MonthTotals[]; readonly height: number; readonly label: string }) {
  const { t, i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(i18n.language, { month: 'short' });
  const rows = months.map((m) => ({ ...m, label: format.format(new Date(`${m.month}-01T00:00:00`)) }));
  return (
    <div className="chart" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} accessibilityLayer={false}>
          <CartesianGrid stroke={CHART_COLOURS.grid} vertical={false} />
          <XAxis dataKey="label" stroke={CHART_COLOURS.text} tickLine={false} fontSize={12} />
          <YAxis allowDecimals={false} stroke={CHART_COLOURS.text} tickLine={false} fontSize={12} />
          <Tooltip {...TOOLTIP_PROPS} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {SERIES.map((key) => (
            <Bar key={key} dataKey={key} name={t(`interaction.direction.${key}`)} fill={CHART_COLOURS[key]} radius={[3, 3, 0, 0]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
