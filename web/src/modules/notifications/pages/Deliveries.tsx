import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading } from '../../../components/ui.tsx';
import { formatDateTime, useLoad } from '../../../components/work.tsx';
import { Link } from '../../../router.tsx';
import { deliveries, type Delivery, type DeliveryState } from '../api.ts';

const STATES: readonly (DeliveryState | '')[] = ['', 'failed', 'queued', 'sending', 'sent', 'skipped'];

/** What went out by text message and WeChat in the community, to whom, and what failed and why (staff). */
export default function Deliveries({ params }: { params: Record<string, string> }) {
  const slug = params.slug ?? '';
  const { t } = useTranslation('notifications');
  const [state, setState] = useState<DeliveryState | ''>('');
  const list = useLoad(() => deliveries.list(slug, state), [slug, state]);
  return (
    <>
      <p>
        <Link to={`/c/${slug}`}>← {t('common.back')}</Link>
      </p>
      <h1>{t('deliveries.title')}</h1>
      <p className="muted">{t('deliveries.intro')}</p>
      <div className="chips-row" role="group" aria-label={t('deliveries.state')}>
        {STATES.map((s) => (
          <button key={s || 'all'} type="button" className="chip" aria-pressed={state === s} onClick={() => setState(s)}>
            {s ? t(`deliveries.states.${s}`) : t('common.all')}
          </button>
        ))}
      </div>
      <ErrorNote error={list.error} />
      {!list.loaded && !list.error ? <Loading /> : null}
      {list.data?.deliveries.length === 0 ? <p className="muted">{t('deliveries.empty')}</p> : null}
      <ul className="list">
        {list.data?.deliveries.map((d) => (
          <DeliveryCard key={d.id} delivery={d} />
        ))}
      </ul>
      <p>
        <Link to={`/c/${slug}/jobs`}>{t('deliveries.jobs')}</Link>
      </p>
    </>
  );
}

function DeliveryCard({ delivery: d }: { delivery: Delivery }) {
  const { t, i18n } = useTranslation('notifications');
  const time = (iso: string) => formatDateTime(iso, i18n.language);
  return (
    <li className="card" data-testid="delivery" data-state={d.state}>
      <div className="row-between">
        <strong>{d.title}</strong>
        <span className={`tag state-${d.state}`}>{t(`deliveries.states.${d.state}`)}</span>
      </div>
      <p className="small">
        {t(`deliveries.channels.${d.channel}`)} · {t('deliveries.to', { name: d.to.name || '—' })} · {t('deliveries.attempts', { count: d.attempts })}
      </p>
      <p className="muted small">
        {t('deliveries.created', { time: time(d.createdAt) })}
        {d.sentAt ? ` · ${t('deliveries.sentAt', { time: time(d.sentAt) })}` : ''}
      </p>
      {d.heldUntil && d.state === 'queued' ? <p className="small">{t('deliveries.heldUntil', { time: time(d.heldUntil) })}</p> : null}
      {d.error ? <p className="note note-error small">{t('deliveries.error', { error: d.error })}</p> : null}
    </li>
  );
}
