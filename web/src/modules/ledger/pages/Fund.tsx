import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../../../api.ts';
import { BarChart, DonutChart } from '../../../components/charts.tsx';
import { ErrorNote, Field, Loading } from '../../../components/ui.tsx';
import { firstData } from '../../../first-data.ts';
import { formatFen } from '../../../money.ts';
import { Link } from '../../../router.tsx';
import { FUND_PAGE as PAGE, fundUrls, type Entries, type Entry, type FundAccount, type FundAccounts, type FundSummary } from '../api.ts';
import { ENTRY_KINDS } from '../entries.ts';
import { EntryCard } from '../EntryCard.tsx';
import { FundVerify } from '../FundVerify.tsx';

type PeriodKey = 'month' | 'quarter' | 'year';
interface Filters {
  from: string;
  to: string;
  kind: string;
  channel: string;
  purpose: string;
}
const NO_FILTERS: Filters = { from: '', to: '', kind: '', channel: '', purpose: '' };

/** The months and quarters before a period label, newest first: 2026-11 → 2026-10, 2026-09 … */
function recentPeriods(monthLabel: string): { months: string[]; quarters: string[] } {
  const [y, m] = monthLabel.split('-').map(Number) as [number, number];
  const months: string[] = [];
  const quarters: string[] = [];
  for (let i = 0; i < 12; i++) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    const label = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    if (months.length < 3) months.push(label);
    const q = `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
    if (!quarters.includes(q) && quarters.length < 2) quarters.push(q);
  }
  return { months, quarters };
}

export default function Fund({ params }: { params: Record<string, string> }) {
  const slug = params.slug ?? '';
  const { t, i18n } = useTranslation('ledger');
  // The server sends the summary and the accounts with the page; asked for otherwise, and again in another language.
  const [summary, setSummary] = useState<FundSummary | null>(() => firstData<FundSummary>(fundUrls.summary(slug)) ?? null);
  const [accounts, setAccounts] = useState<FundAccount[]>(() => firstData<FundAccounts>(fundUrls.accounts(slug))?.accounts ?? []);
  const [period, setPeriod] = useState<PeriodKey>('year');
  const [error, setError] = useState<unknown>(null);
  const sent = useRef(summary !== null && firstData(fundUrls.accounts(slug)) !== undefined);

  useEffect(() => {
    if (sent.current) {
      sent.current = false;
      return;
    }
    Promise.all([api.get<FundSummary>(fundUrls.summary(slug)), api.get<FundAccounts>(fundUrls.accounts(slug))])
      .then(([s, a]) => {
        setSummary(s);
        setAccounts(a.accounts);
      })
      .catch(setError);
  }, [slug, i18n.language]);

  if (error) return <ErrorNote error={error} />;
  if (!summary) return <Loading />;
  const totals = summary[period];
  const periods = recentPeriods(summary.month.label);
  const toSlices = (lines: FundSummary['month']['incomeByChannel']) => lines.map((l) => ({ key: l.account, label: l.name, fen: l.fen }));

  return (
    <>
      <p>
        <Link to={`/c/${slug}`}>← {summary.community.name}</Link>
      </p>
      <h1>{t('fund.title', { name: summary.community.name })}</h1>
      <p className="muted">{t('fund.lead')}</p>
      <section className="balance card" aria-labelledby="balance">
        <h2 id="balance" className="balance-label">
          {t('fund.balance')}
        </h2>
        <p className="balance-amount amount" data-testid="fund-balance">
          {formatFen(summary.balanceFen)}
        </p>
        <p className="muted small">
          {t('fund.head', { seq: summary.head.seq })} <code className="hash">{summary.head.hash.slice(0, 16)}…</code>
        </p>
      </section>

      <section aria-labelledby="charts">
        <h2 id="charts">{t('fund.incomeAndUse')}</h2>
        <div className="tabs" role="group" aria-label={t('fund.period')}>
          {(['month', 'quarter', 'year'] as const).map((p) => (
            <button key={p} type="button" className="tab" aria-pressed={period === p} onClick={() => setPeriod(p)}>
              {t(`fund.${p}`)}
            </button>
          ))}
        </div>
        <p className="totals">
          <span>
            {totals.label} · {t('fund.income')} <strong className="amount amount-in">{formatFen(totals.incomeFen)}</strong>
          </span>
          <span>
            {t('fund.expense')} <strong className="amount amount-out">{formatFen(totals.expenseFen)}</strong>
          </span>
        </p>
        <DonutChart title={t('fund.incomeByChannel')} slices={toSlices(totals.incomeByChannel)} emptyText={t('fund.nothingYet')} />
        <BarChart title={t('fund.expenseByPurpose')} slices={toSlices(totals.expenseByPurpose)} emptyText={t('fund.nothingYet')} />
      </section>

      <section aria-labelledby="disclosures">
        <h2 id="disclosures">{t('fund.disclosures')}</h2>
        <p className="muted">{t('fund.disclosuresHint')}</p>
        <ul className="disclosures">
          {[...periods.months, ...periods.quarters].map((label) => (
            <li key={label} className="disclosure">
              <span className="disclosure-label">{label.includes('Q') ? t('fund.quarterOf', { label }) : t('fund.monthOf', { label })}</span>
              <span className="disclosure-links">
                {(['pdf', 'csv', 'xlsx'] as const).map((ext) => (
                  <a key={ext} className="chip" href={`/api/v1/communities/${slug}/fund/disclosures/${label}.${ext}`} download={ext !== 'pdf' ? '' : undefined}>
                    {ext.toUpperCase()}
                  </a>
                ))}
              </span>
            </li>
          ))}
        </ul>
        <p>
          <a href={`/api/v1/communities/${slug}/fund/ledger.jsonl`} download>
            {t('fund.downloadBook')}
          </a>
        </p>
      </section>

      <FundVerify slug={slug} expectedEntries={summary.head.seq} />

      <Entries slug={slug} accounts={accounts} />
    </>
  );
}

function Entries({ slug, accounts }: { slug: string; accounts: FundAccount[] }) {
  const { t, i18n } = useTranslation('ledger');
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const first = firstData<Entries>(fundUrls.firstEntries(slug));
  const [entries, setEntries] = useState<Entry[] | null>(() => first?.entries ?? null);
  const [nextBefore, setNextBefore] = useState<number | null>(() => first?.nextBefore ?? null);
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const sent = useRef(first !== undefined);

  const fetchPage = useCallback(
    (before?: number) => api.get<Entries>(`/api/v1/communities/${encodeURIComponent(slug)}/fund/entries${query({ limit: PAGE, before, ...filters })}`),
    [slug, filters],
  );
  useEffect(() => {
    if (sent.current) {
      sent.current = false;
      return;
    }
    let live = true;
    setEntries(null);
    setError(null);
    fetchPage()
      .then((page) => {
        if (!live) return;
        setEntries(page.entries);
        setNextBefore(page.nextBefore);
      })
      .catch((err: unknown) => live && setError(err));
    return () => {
      live = false;
    };
  }, [fetchPage, i18n.language]);

  const more = async () => {
    if (nextBefore === null) return;
    setLoadingMore(true);
    try {
      const page = await fetchPage(nextBefore);
      setEntries((e) => [...(e ?? []), ...page.entries]);
      setNextBefore(page.nextBefore);
    } catch (err) {
      setError(err);
    } finally {
      setLoadingMore(false);
    }
  };
  const set = (key: keyof Filters) => (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [key]: e.target.value }));
  const channels = accounts.filter((a) => a.kind === 'income' && a.parent !== null);
  const purposes = accounts.filter((a) => a.kind === 'expense' && a.parent !== null);

  return (
    <section aria-labelledby="entries">
      <h2 id="entries">{t('fund.entries')}</h2>
      <div className="filters">
        <Field label={t('fund.from')}>
          <input type="date" value={filters.from} onChange={set('from')} />
        </Field>
        <Field label={t('fund.to')}>
          <input type="date" value={filters.to} onChange={set('to')} />
        </Field>
        <Field label={t('fund.kind')}>
          <select value={filters.kind} onChange={set('kind')}>
            <option value="">{t('common.all')}</option>
            {ENTRY_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`fund.kinds.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('fund.channel')}>
          <select value={filters.channel} onChange={set('channel')}>
            <option value="">{t('common.all')}</option>
            {channels.map((a) => (
              <option key={a.code} value={a.code}>
                {a.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('fund.purpose')}>
          <select value={filters.purpose} onChange={set('purpose')}>
            <option value="">{t('common.all')}</option>
            {purposes.map((a) => (
              <option key={a.code} value={a.code}>
                {a.name}
              </option>
            ))}
          </select>
        </Field>
        {filters !== NO_FILTERS ? (
          <button type="button" className="btn btn-quiet" onClick={() => setFilters(NO_FILTERS)}>
            {t('fund.clearFilters')}
          </button>
        ) : null}
      </div>
      <ErrorNote error={error} />
      {entries === null && !error ? <Loading /> : null}
      {entries?.length === 0 ? <p className="muted">{t('fund.noEntries')}</p> : null}
      <ol className="list entries" data-testid="entries">
        {entries?.map((e) => (
          <EntryCard key={e.seq} entry={e} />
        ))}
      </ol>
      {nextBefore !== null ? (
        <button type="button" className="btn" onClick={() => void more()} disabled={loadingMore} data-testid="more-entries">
          {loadingMore ? t('common.loading') : t('common.more')}
        </button>
      ) : null}
    </section>
  );
}
