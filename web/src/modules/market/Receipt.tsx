import { useTranslation } from 'react-i18next';
import type { Receipt as ReceiptView } from './api.ts';
import { formatFen } from '../../money.ts';
import { SplitLine } from './SplitLine.tsx';

/** A receipt with the split per line and for the order; the print stylesheet prints only this. */
export function Receipt({ receipt }: { receipt: ReceiptView }) {
  const { t, i18n } = useTranslation('market');
  const o = receipt.order;
  const when = new Intl.DateTimeFormat(i18n.language, { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' });
  return (
    <article className="receipt print-area" aria-label={t('counter.receipt')} data-testid="receipt">
      <h2 className="receipt-title">
        {receipt.community} · {t('shop.title')}
      </h2>
      <p className="receipt-meta">
        {t('shop.orderNumber')} {o.number} · {when.format(new Date(o.payment?.paidAt ?? o.createdAt))}
      </p>
      <table className="receipt-lines">
        <tbody>
          {o.lines.map((l) => (
            <tr key={l.lineNo}>
              <td>
                {l.title} × {l.quantity}
                <div className="receipt-split">
                  {t('shop.toMaker', { amount: formatFen(l.makerTakeFen) })} / {t('shop.toFund', { amount: formatFen(l.fundFen) })}
                </div>
              </td>
              <td className="amount">{formatFen(l.amountFen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="row-between receipt-total">
        <span>{t('shop.total')}</span>
        <strong className="amount" data-testid="receipt-total">
          {formatFen(o.totalFen)}
        </strong>
      </p>
      {o.payment ? (
        <p className="receipt-meta">
          {t(`counter.paidBy.${o.payment.method}`)}
          {o.payment.tenderedFen !== null ? ` · ${t('counter.tendered')} ${formatFen(o.payment.tenderedFen)}` : ''}
          {o.payment.changeFen !== null ? ` · ${t('counter.change')} ${formatFen(o.payment.changeFen)}` : ''}
        </p>
      ) : null}
      <SplitLine makerTakeFen={o.makerTakeFen} fundFen={o.fundFen} className="receipt-split-total" />
      <p className="receipt-thanks">{t('counter.thanks')}</p>
    </article>
  );
}
