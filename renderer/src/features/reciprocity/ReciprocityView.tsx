import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { PersonLabel, ReciprocityOverview, ReciprocityRow } from '../../../../shared/vault/insight-queries.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { hrefOf } from '../../navigation.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { useDateFormat, useRelativeTime } from '../../ui/format.ts';
import { InteractionForm } from '../timeline/InteractionForm.tsx';
import { CHART_COLOURS as COLOURS, MonthlyBars, SERIES, TOOLTIP_PROPS } from './MonthlyBars.tsx';

/** Give & take (ギブ&テイク): the whole ledger at a glance, who I mostly take from and give to, and what to do about it. */
export function ReciprocityView() {
  const { t } = useTranslation();
  const overview = useApiQuery('getReciprocity', {});
  const [thanking, setThanking] = useState<PersonLabel | undefined>();
  const data = overview.data;
  return (
    <section className="view reciprocity" aria-labelledby="reciprocity-title">
      <header className="view-header">
        <div>
          <h1 id="reciprocity-title">{t('reciprocity.title')}</h1>
          <p className="view-meta">{t('reciprocity.meta')}</p>
        </div>
      </header>
      <p className="lead">{t('reciprocity.lead')}</p>
      <ErrorMessage error={overview.error} />
      {data ? (
        <div className="stack">
          <Totals totals={data.totals} />
          {data.totals.count === 0 ? <p className="empty">{t('reciprocity.empty')}</p> : null}
          <div className="reciprocity-grid">
            <MonthlyChart months={data.months} />
            <PeopleChart takeFrom={data.takeFrom} giveTo={data.giveTo} />
          </div>
          <div className="reciprocity-grid">
            <ThanksOwedList overview={data} onThank={setThanking} />
            <OverAskingList overview={data} />
          </div>
        </div>
      ) : null}
      <Dialog open={thanking !== undefined} onClose={() => setThanking(undefined)} labelledBy="thanks-log-title">
        {thanking ? (
          <>
            <h2 id="thanks-log-title">{t('reciprocity.thankTitle', { name: thanking.name })}</h2>
            <InteractionForm contacts={[{ id: thanking.id, name: thanking.name }]} preset={{ kind: 'thanks', direction: 'gave' }} onSaved={() => setThanking(undefined)} onCancel={() => setThanking(undefined)} />
          </>
        ) : null}
      </Dialog>
    </section>
  );
}

function Totals({ totals }: { readonly totals: ReciprocityOverview['totals'] }) {
  const { t } = useTranslation();
  const items = [
    ['gave', totals.gave],
    ['received', totals.received],
    ['mutual', totals.mutual],
  ] as const;
  return (
    <dl className="totals" aria-label={t('reciprocity.totals')}>
      {items.map(([key, value]) => (
        <div key={key} className={`total total-${key}`}>
          <dt>{t(`interaction.direction.${key}`)}</dt>
          <dd>{value}</dd>
        </div>
      ))}
      <div className="total total-balance">
        <dt>{t('reciprocity.balance')}</dt>
        <dd>{signed(totals.balance)}</dd>
      </div>
    </dl>
  );
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));


function MonthlyChart({ months }: { readonly months: ReciprocityOverview['months'] }) {
  const { t } = useTranslation();
  return (
    <section className="card chart-card" aria-labelledby="monthly-title">
      <h2 id="monthly-title">{t('reciprocity.monthly')}</h2>
      <p className="card-lead">{t('reciprocity.monthlyLead')}</p>
      <MonthlyBars months={months} height={240} label={t('reciprocity.monthlyAlt')} />
      <details className="chart-table">
        <summary>{t('reciprocity.asTable')}</summary>
        <table>
          <caption className="visually-hidden">{t('reciprocity.monthly')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('reciprocity.month')}</th>
              {SERIES.map((key) => (
                <th key={key} scope="col">
                  {t(`interaction.direction.${key}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {months.map((row) => (
              <tr key={row.month}>
                <th scope="row">{row.month}</th>
                <td>{row.gave}</td>
                <td>{row.received}</td>
                <td>{row.mutual}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}

function PeopleChart({ takeFrom, giveTo }: { readonly takeFrom: readonly ReciprocityRow[]; readonly giveTo: readonly ReciprocityRow[] }) {
  const { t } = useTranslation();
  // Most giving at the top, most taking at the bottom.
  const rows = [...giveTo, ...[...takeFrom].reverse()].map((row) => ({ name: row.person.name, balance: row.balance }));
  return (
    <section className="card chart-card" aria-labelledby="people-title">
      <h2 id="people-title">{t('reciprocity.people')}</h2>
      <p className="card-lead">{t('reciprocity.peopleLead')}</p>
      {rows.length === 0 ? (
        <p className="meta">{t('reciprocity.peopleEmpty')}</p>
      ) : (
        <div className="chart" role="img" aria-label={t('reciprocity.peopleAlt')}>
          <ResponsiveContainer width="100%" height={Math.max(120, rows.length * 28 + 40)}>
            <BarChart data={rows} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }} accessibilityLayer={false}>
              <CartesianGrid stroke={COLOURS.grid} horizontal={false} />
              <XAxis type="number" allowDecimals={false} stroke={COLOURS.text} tickLine={false} fontSize={12} />
              <YAxis type="category" dataKey="name" width={110} stroke={COLOURS.text} tickLine={false} fontSize={12} />
              <ReferenceLine x={0} stroke={COLOURS.text} />
              <Tooltip {...TOOLTIP_PROPS} formatter={(value) => [signed(Number(value)), t('reciprocity.balance')]} />
              <Bar dataKey="balance" isAnimationActive={false} radius={3}>
                {rows.map((row) => (
                  <Cell key={row.name} fill={row.balance >= 0 ? COLOURS.gave : COLOURS.received} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
      <div className="people-columns">
        <PeopleList title={t('reciprocity.takeFrom')} rows={takeFrom} />
        <PeopleList title={t('reciprocity.giveTo')} rows={giveTo} />
      </div>
    </section>
  );
}

function PeopleList({ title, rows }: { readonly title: string; readonly rows: readonly ReciprocityRow[] }) {
  const { t } = useTranslation();
  if (rows.length === 0) return null;
  return (
    <div>
      <h3>{title}</h3>
      <ul className="plain-list" aria-label={title}>
        {rows.map((row) => (
          <li key={row.person.id}>
            <a href={hrefOf({ view: 'contact', id: row.person.id })}>{row.person.name}</a>{' '}
            <span className="meta">
              {t('reciprocity.row', { gave: row.gave, received: row.received, balance: signed(row.balance) })} · {t(`reciprocity.trend.${row.trend}`)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ThanksOwedList({ overview, onThank }: { readonly overview: ReciprocityOverview; readonly onThank: (person: PersonLabel) => void }) {
  const { t } = useTranslation();
  const relative = useRelativeTime();
  return (
    <section className="card" aria-labelledby="thanks-owed-title">
      <h2 id="thanks-owed-title">{t('reciprocity.thanksOwed')}</h2>
      <p className="card-lead">{t('reciprocity.thanksOwedLead')}</p>
      {overview.thanksOwed.length === 0 ? <p className="meta">{t('reciprocity.thanksOwedNone')}</p> : null}
      <ul className="plain-list nudge-list">
        {overview.thanksOwed.map(({ person, owed }) => (
          <li key={person.id}>
            <div>
              <a href={hrefOf({ view: 'contact', id: person.id })}>{person.name}</a>
              <p className="meta">{owed.map((item) => t('reciprocity.owedItem', { kind: t(`interaction.kind.${item.kind}`), when: relative(item.receivedAt) })).join(' · ')}</p>
            </div>
            <button type="button" onClick={() => onThank(person)} aria-label={`${t('reciprocity.logThanks')}: ${person.name}`}>
              {t('reciprocity.logThanks')}
            </button>
          </li>
        ))}
      </ul>
      {overview.thanksOwedTotal > overview.thanksOwed.length ? <p className="meta">{t('reciprocity.andMore', { count: overview.thanksOwedTotal - overview.thanksOwed.length })}</p> : null}
    </section>
  );
}

function OverAskingList({ overview }: { readonly overview: ReciprocityOverview }) {
  const { t } = useTranslation();
  const format = useDateFormat();
  return (
    <section className="card" aria-labelledby="over-asking-title">
      <h2 id="over-asking-title">{t('reciprocity.overAsking')}</h2>
      <p className="card-lead">{t('reciprocity.overAskingLead')}</p>
      {overview.overAsking.length === 0 ? <p className="meta">{t('reciprocity.overAskingNone')}</p> : null}
      <ul className="plain-list nudge-list">
        {overview.overAsking.map((row) => (
          <li key={row.person.id}>
            <div>
              <a href={hrefOf({ view: 'contact', id: row.person.id })}>{row.person.name}</a>
              <p className="meta">{t('reciprocity.streak', { count: row.streak, since: format.date(row.since) })}</p>
            </div>
          </li>
        ))}
      </ul>
      {overview.overAskingTotal > overview.overAsking.length ? <p className="meta">{t('reciprocity.andMore', { count: overview.overAskingTotal - overview.overAsking.length })}</p> : null}
    </section>
  );
}
