import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListingForm } from '../../ListingForm.tsx';
import { SplitLine } from '../../SplitLine.tsx';
import { ErrorNote, Loading, Notice } from '../../../../components/ui.tsx';
import { useAction, useLoad } from '../../../../components/work.tsx';
import type { Listing, ListingActionInput } from '../../api.ts';
import { manage } from '../../work.ts';

type Action = ListingActionInput['action'];
const ACTIONS: Record<string, Action[]> = {
  draft: ['submit', 'withdraw'],
  in_review: ['withdraw'],
  on_sale: ['pause', 'withdraw'],
  paused: ['resume', 'withdraw'],
  sold_out: ['withdraw'],
  withdrawn: [],
};

/** The maker's own listings with what they can do next, and the form for a new one. */
export function MyListings({ slug, defaultPercent }: { slug: string; defaultPercent: number }) {
  const { t } = useTranslation('market');
  const list = useLoad(() => manage.listings(slug, { limit: 100 }), [slug]);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  return (
    <>
      {created ? <Notice>{t('work.listing.created', { title: created })}</Notice> : null}
      {creating ? (
        <section aria-labelledby="new-listing">
          <h2 id="new-listing">{t('work.listing.new')}</h2>
          <ListingForm
            slug={slug}
            defaultPercent={defaultPercent}
            onCreated={(l) => {
              setCreating(false);
              setCreated(l.title);
              void list.reload();
            }}
          />
          <button type="button" className="btn btn-quiet" onClick={() => setCreating(false)}>
            {t('common.cancel')}
          </button>
        </section>
      ) : (
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)} data-testid="new-listing">
          {t('work.listing.new')}
        </button>
      )}
      <h2>{t('work.listing.mine')}</h2>
      <ErrorNote error={list.error} />
      {!list.loaded && !list.error ? <Loading /> : null}
      {list.data?.listings.length === 0 ? <p className="muted">{t('work.listing.none')}</p> : null}
      <ul className="list">
        {list.data?.listings.map((l) => (
          <ListingRow key={l.id} slug={slug} listing={l} onChanged={() => void list.reload()} />
        ))}
      </ul>
    </>
  );
}

function ListingRow({ slug, listing, onChanged }: { slug: string; listing: Listing; onChanged: () => void }) {
  const { t } = useTranslation('market');
  const { busy, error, run } = useAction();
  const act = (action: Action) =>
    void run(async () => {
      await manage.setState(slug, listing.id, action);
      onChanged();
    });
  return (
    <li className="card" data-testid="my-listing">
      <div className="row-between">
        <strong>{listing.title}</strong>
        <span className={`tag state-${listing.state}`} data-testid="listing-state">
          {t(`work.states.${listing.state}`)}
        </span>
      </div>
      <SplitLine makerTakeFen={listing.split.makerTakeFen} fundFen={listing.split.fundFen} />
      <p className="muted small">
        {t(`work.listing.kinds.${listing.kind}`)} · {listing.category}
        {listing.stock !== null ? ` · ${t('shop.stock', { count: listing.stock })}` : ''}
      </p>
      {listing.reviewNote ? <p className="note note-error">{t('work.listing.reviewNote', { note: listing.reviewNote })}</p> : null}
      <div className="row-actions">
        {(ACTIONS[listing.state] ?? []).map((a) => (
          <button key={a} type="button" className={a === 'submit' ? 'btn btn-strong' : 'btn'} disabled={busy} onClick={() => act(a)}>
            {t(`work.listing.actions.${a}`)}
          </button>
        ))}
      </div>
      <ErrorNote error={error} />
    </li>
  );
}
