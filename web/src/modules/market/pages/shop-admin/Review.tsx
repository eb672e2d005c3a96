import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../api.ts';
import { SplitLine } from '../../SplitLine.tsx';
import { ErrorNote, Field, Loading, Notice } from '../../../../components/ui.tsx';
import { useAction, useLoad } from '../../../../components/work.tsx';
import { marketBase, type Listing } from '../../api.ts';
import { formatFen } from '../../../../money.ts';
import { manage } from '../../work.ts';

/** Listings waiting for review: approve puts them on sale, reject sends them back with a reason. */
export function Review({ slug }: { slug: string }) {
  const { t } = useTranslation('market');
  const list = useLoad(() => manage.listings(slug, { state: 'in_review', limit: 100 }), [slug]);
  const [done, setDone] = useState<string | null>(null);
  return (
    <section aria-labelledby="review">
      <h2 id="review">{t('work.shop.reviewTitle')}</h2>
      {done ? <Notice>{done}</Notice> : null}
      <ErrorNote error={list.error} />
      {!list.loaded && !list.error ? <Loading /> : null}
      {list.data?.listings.length === 0 ? <p className="muted">{t('work.shop.reviewEmpty')}</p> : null}
      <ul className="list">
        {list.data?.listings.map((l) => (
          <ReviewCard
            key={l.id}
            slug={slug}
            listing={l}
            onDone={(message) => {
              setDone(message);
              void list.reload();
            }}
          />
        ))}
      </ul>
    </section>
  );
}

function ReviewCard({ slug, listing, onDone }: { slug: string; listing: Listing; onDone: (message: string) => void }) {
  const { t } = useTranslation('market');
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const decide = (decision: 'approve' | 'reject') =>
    void run(async () => {
      await api.post(`${marketBase(slug)}/listings/${listing.id}/review`, decision === 'approve' ? { decision } : { decision, reason: reason.trim() });
      onDone(t(decision === 'approve' ? 'work.shop.approved' : 'work.shop.rejected', { title: listing.title }));
    });
  return (
    <li className="card" data-testid="review-item">
      <div className="row-between">
        <strong>{listing.title}</strong>
        <span className="amount">{formatFen(listing.split.priceFen)}</span>
      </div>
      <p className="muted small">
        {t('shop.by', { maker: listing.maker.name })} · {t(`work.listing.kinds.${listing.kind}`)} · {listing.category}
      </p>
      <SplitLine makerTakeFen={listing.split.makerTakeFen} fundFen={listing.split.fundFen} />
      {listing.description ? <p>{listing.description}</p> : null}
      {listing.photos.length > 0 ? (
        <div className="uploads">
          {listing.photos.map((p, i) => (
            <img key={p.sha256} src={p.thumbnailUrl} alt={t('work.fileN', { n: i + 1 })} width={64} height={64} />
          ))}
        </div>
      ) : null}
      {rejecting ? (
        <Field label={t('work.reason')}>
          <textarea rows={2} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
      ) : null}
      <ErrorNote error={error} />
      <div className="row-actions">
        {rejecting ? (
          <>
            <button type="button" className="btn" disabled={busy || !reason.trim()} onClick={() => decide('reject')}>
              {t('work.rejectWithReason')}
            </button>
            <button type="button" className="btn btn-quiet" onClick={() => setRejecting(false)}>
              {t('common.cancel')}
            </button>
          </>
        ) : (
          <>
            <button type="button" className="btn btn-strong" disabled={busy} onClick={() => decide('approve')}>
              {t('work.approve')}
            </button>
            <button type="button" className="btn" onClick={() => setRejecting(true)}>
              {t('work.reject')}
            </button>
          </>
        )}
      </div>
    </li>
  );
}
