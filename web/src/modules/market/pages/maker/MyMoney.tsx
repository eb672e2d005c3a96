import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Field, Loading } from '../../../../components/ui.tsx';
import { formatDate, useLoad } from '../../../../components/work.tsx';
import { formatFen } from '../../../../money.ts';
import type { Maker } from '../../api.ts';
import { makers, thisMonth } from '../../work.ts';

/** What the maker has sold, what the shop owes them, statements and the payouts they signed for. */
export function MyMoney({ slug, maker }: { slug: string; maker: Maker }) {
  const { t } = useTranslation('market');
  const summary = useLoad(() => makers.summary(slug, maker.id), [slug, maker.id]);
  const payouts = useLoad(() => makers.payouts(slug, maker.id), [slug, maker.id]);
  const [month, setMonth] = useState(thisMonth());
  const s = summary.data;
  return (
    <>
      <ErrorNote error={summary.error ?? payouts.error} />
      {!s ? (
        <Loading />
      ) : (
        <>
          <div className="balance">
            <span className="balance-label">{t('work.money.pending')}</span>
            <span className="balance-amount amount" data-testid="pending-take">
              {formatFen(s.pendingTakeFen)}
            </span>
          </div>
          <dl className="facts">
            <div>
              <dt>{t('work.money.sold')}</dt>
              <dd className="amount">{formatFen(s.soldFen)}</dd>
            </div>
            <div>
              <dt>{t('work.money.myTake')}</dt>
              <dd className="amount">{formatFen(s.makerTakeFen)}</dd>
            </div>
            <div>
              <dt>{t('work.money.toFund')}</dt>
              <dd className="amount">{formatFen(s.fundFen)}</dd>
            </div>
            <div>
              <dt>{t('work.money.paidOut')}</dt>
              <dd className="amount">{formatFen(s.paidOutFen)}</dd>
            </div>
          </dl>
          <h2>{t('work.money.sales')}</h2>
          {s.recentSales.length === 0 ? <p className="muted">{t('work.money.noSales')}</p> : null}
          <ul className="list">
            {s.recentSales.map((sale) => (
              <li key={`${sale.orderId}-${sale.title}`} className="card row-between" data-testid="sale">
                <span>
                  {sale.title} × {sale.quantity}
                  <br />
                  <span className="muted small">
                    {formatDate(sale.paidAt)} · {t(`shop.states.${sale.state}`, { defaultValue: sale.state })}
                  </span>
                </span>
                <span className="amount amount-in">{formatFen(sale.makerTakeFen)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t('work.money.statement')}</h2>
      <div className="inline-form">
        <Field label={t('work.money.month')}>
          <input type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
        </Field>
        <a className="btn" href={makers.statementCsvUrl(slug, maker.id, month)} download data-testid="statement-csv">
          {t('work.money.downloadCsv')}
        </a>
        <a className="btn" href={makers.statementPdfUrl(slug, maker.id, month)} download data-testid="statement-pdf">
          {t('work.money.downloadPdf')}
        </a>
      </div>
      <h2>{t('work.money.payouts')}</h2>
      {payouts.data?.payouts.length === 0 ? <p className="muted">{t('work.money.noPayouts')}</p> : null}
      <ul className="list">
        {payouts.data?.payouts.map((p) => (
          <li key={p.id} className="card" data-testid="payout">
            <div className="row-between">
              <strong className="amount">{formatFen(p.amountFen)}</strong>
              <span className="muted">{formatDate(p.createdAt)}</span>
            </div>
            <p className="small">
              {t(`work.payout.methods.${p.method}`)}
              {p.reference ? ` · ${p.reference}` : ''} · {t('work.payout.signedBy', { name: p.acknowledgedBy, relation: p.acknowledgedRelation })}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
