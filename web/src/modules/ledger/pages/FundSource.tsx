import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api.ts';
import { ErrorNote, Loading } from '../../../components/ui.tsx';
import { formatFen } from '../../../money.ts';
import { Link } from '../../../router.tsx';
import type { FundSource as Source } from '../api.ts';
import { fundEffectFen } from '../entries.ts';
import { EntryCard } from '../EntryCard.tsx';

/** Where fund entries came from (a shop order, a maker's payouts, an expense): what may be shown about it, and its entries. */
export default function FundSource({ params }: { params: Record<string, string> }) {
  const slug = params.slug ?? '';
  const type = params.type ?? '';
  const id = params.id ?? '';
  const { t, i18n } = useTranslation('ledger');
  const [source, setSource] = useState<Source | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    setSource(null);
    setError(null);
    api
      .get<Source>(`/api/v1/communities/${encodeURIComponent(slug)}/fund/sources/${encodeURIComponent(type)}/${encodeURIComponent(id)}`)
      .then((s) => live && setSource(s))
      .catch((err: unknown) => live && setError(err));
    return () => {
      live = false;
    };
  }, [slug, type, id, i18n.language]);

  const back = (
    <p>
      <Link to={`/c/${slug}/fund`}>← {t('fund.sourcePage.backToFund')}</Link>
    </p>
  );
  if (error)
    return (
      <>
        {back}
        <ErrorNote error={error} />
      </>
    );
  if (!source) return <Loading />;
  const effect = source.entries.reduce((total, e) => total + fundEffectFen(e), 0);

  return (
    <>
      {back}
      <h1 data-testid="source-label">{source.label}</h1>
      <section aria-labelledby="source-about">
        <h2 id="source-about">{source.detail && source.detail.title !== source.label ? source.detail.title : t('fund.sourcePage.about')}</h2>
        {source.detail ? (
          <dl className="facts facts-wide" data-testid="source-detail">
            {source.detail.lines.map((line, i) => (
              <div key={i}>
                <dt>{line.label}</dt>
                <dd>
                  {line.href ? (
                    <a href={line.href} target="_blank" rel="noopener">
                      {line.value}
                    </a>
                  ) : (
                    line.value
                  )}
                </dd>
              </div>
            ))}
          </dl>
        ) : (
          <p className="muted">{t('fund.sourcePage.noDetail')}</p>
        )}
      </section>
      <section aria-labelledby="source-entries">
        <h2 id="source-entries">{t('fund.sourcePage.entries', { count: source.entries.length })}</h2>
        {effect !== 0 ? (
          <p className="totals">
            <span>
              {t('fund.sourcePage.total')}{' '}
              <strong className={`amount ${effect > 0 ? 'amount-in' : 'amount-out'}`}>
                {effect > 0 ? '+' : '−'}
                {formatFen(Math.abs(effect))}
              </strong>
            </span>
          </p>
        ) : null}
        <ol className="list entries" data-testid="entries">
          {source.entries.map((e) => (
            <EntryCard key={e.seq} entry={e} showSource={false} expanded />
          ))}
        </ol>
      </section>
      {back}
    </>
  );
}
