import { useTranslation } from 'react-i18next';
import type { Entry } from './api.ts';
import { cashMovementFen, fundEffectFen } from './entries.ts';
import { formatFen } from '../../money.ts';
import { Link } from '../../router.tsx';

/** One journal entry as the public sees it: date, kind, memo, effect on the fund, postings and links. */
/** `showSource` off on the source's own page; `expanded` shows the postings without a tap. */
export function EntryCard({ entry: e, showSource = true, expanded = false }: { entry: Entry; showSource?: boolean; expanded?: boolean }) {
  const { t, i18n } = useTranslation('ledger');
  const dateFormat = new Intl.DateTimeFormat(i18n.language, { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
  const effect = fundEffectFen(e);
  const movement = cashMovementFen(e);
  const source = showSource ? e.source : null;
  return (
    <li className="card entry" data-testid="entry">
      <div className="row-between">
        <span className="muted">
          {dateFormat.format(new Date(e.at))} · #{e.seq}
        </span>
        <span className="tag">{t(`fund.kinds.${e.kind}`, { defaultValue: e.kind })}</span>
      </div>
      <div className="row-between entry-main">
        <span className="entry-memo">{e.memo}</span>
        {effect !== 0 ? (
          <strong className={`amount ${effect > 0 ? 'amount-in' : 'amount-out'}`}>
            {effect > 0 ? '+' : '−'}
            {formatFen(Math.abs(effect))}
          </strong>
        ) : (
          <span className="amount muted">{formatFen(Math.abs(movement))}</span>
        )}
      </div>
      {e.party ? <p className="muted entry-line">{t('fund.party', { party: e.party })}</p> : null}
      {e.correctionNote ? (
        <p className="note note-error entry-line">
          {t('fund.correction', { seq: e.reverses ?? '' })} {e.correctionNote}
        </p>
      ) : null}
      {e.reversedBy ? <p className="entry-line muted">{t('fund.reversedBy', { seq: e.reversedBy })}</p> : null}
      <details open={expanded}>
        <summary>{t('fund.details')}</summary>
        <table className="postings">
          <thead>
            <tr>
              <th scope="col">{t('fund.account')}</th>
              <th scope="col">{t('fund.debit')}</th>
              <th scope="col">{t('fund.credit')}</th>
            </tr>
          </thead>
          <tbody>
            {e.postings.map((p, i) => (
              <tr key={i}>
                <td>{p.name}</td>
                <td className="amount">{p.fen > 0 ? formatFen(p.fen) : ''}</td>
                <td className="amount">{p.fen < 0 ? formatFen(-p.fen) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted small">
          {t('fund.hash')} <code className="hash">{e.hash}</code>
        </p>
      </details>
      {e.attachments.length > 0 || source ? (
        <p className="entry-links">
          {e.attachments.map((a, i) => (
            <a key={a.sha256} href={a.url} target="_blank" rel="noopener">
              {t('fund.attachment', { n: i + 1 })}
            </a>
          ))}
          {source ? (
            <Link to={source.href} data-testid="entry-source">
              {t('fund.source', { type: t(`fund.sources.${source.type}`, { defaultValue: source.type }) })}
            </Link>
          ) : null}
        </p>
      ) : null}
    </li>
  );
}
