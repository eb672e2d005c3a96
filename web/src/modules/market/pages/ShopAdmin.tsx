import { useTranslation } from 'react-i18next';
import { api } from '../../../api.ts';
import { TabBar, useLoad, useTab } from '../../../components/work.tsx';
import { Link } from '../../../router.tsx';
import type { Community } from '../api.ts';
import { Jobs } from './shop-admin/Jobs.tsx';
import { Makers } from './shop-admin/Makers.tsx';
import { ShopOrders } from './shop-admin/ShopOrders.tsx';
import { Payouts } from './shop-admin/Payouts.tsx';
import { Review } from './shop-admin/Review.tsx';
import { Stock } from './shop-admin/Stock.tsx';

const TABS = ['review', 'makers', 'stock', 'orders', 'payouts', 'jobs'] as const;

/** The shop's back office for staff: makers, listing review, consignment stock, orders, payouts and shop jobs. */
export default function ShopAdmin({ params }: { params: Record<string, string> }) {
  const slug = params.slug ?? '';
  const { t } = useTranslation('market');
  const [tab, setTab] = useTab(TABS);
  const community = useLoad(() => api.get<Community>(`/api/v1/communities/${encodeURIComponent(slug)}`), [slug]);
  const percent = community.data?.settings.defaultMarginPercent ?? 20;
  return (
    <>
      <p>
        <Link to={`/c/${slug}`}>← {t('common.back')}</Link>
      </p>
      <h1>{t('work.shop.title')}</h1>
      <TabBar tabs={TABS} current={tab} onChange={setTab} label={t('work.shop.title')} names={(x) => t(`work.shop.tabs.${x}`)} />
      {tab === 'review' ? (
        <Review slug={slug} />
      ) : tab === 'makers' ? (
        <Makers slug={slug} defaultPercent={percent} />
      ) : tab === 'stock' ? (
        <Stock slug={slug} />
      ) : tab === 'orders' ? (
        <ShopOrders slug={slug} />
      ) : tab === 'payouts' ? (
        <Payouts slug={slug} />
      ) : (
        <Jobs slug={slug} />
      )}
    </>
  );
}
