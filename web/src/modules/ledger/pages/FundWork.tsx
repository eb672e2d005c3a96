import { useTranslation } from 'react-i18next';
import { TabBar, useLoad, useTab } from '../../../components/work.tsx';
import { Link } from '../../../router.tsx';
import { rolesIn, useSession } from '../../../session.tsx';
import { fundWork } from '../api.ts';
import { Correct } from './fund-work/Correct.tsx';
import { Expenses } from './fund-work/Expenses.tsx';
import { Income } from './fund-work/Income.tsx';

const TABS = ['expenses', 'income', 'correct'] as const;

/** Fund work for staff and supervisors: record income, propose, approve and pay expenses, propose and approve corrections. */
export default function FundWork({ params }: { params: Record<string, string> }) {
  const slug = params.slug ?? '';
  const { t } = useTranslation('ledger');
  const { me } = useSession();
  const roles = rolesIn(me, slug);
  const isStaff = roles.includes('staff');
  const isSupervisor = roles.includes('supervisor');
  const [tab, setTab] = useTab(TABS);
  const accounts = useLoad(() => fundWork.accounts(slug), [slug]);
  // Supervisors approve expenses and corrections; recording income is staff's alone.
  const visible = isStaff ? TABS : isSupervisor ? (['expenses', 'correct'] as const) : (['expenses'] as const);
  return (
    <>
      <p>
        <Link to={`/c/${slug}/fund`}>← {t('sections.fund')}</Link>
      </p>
      <h1>{t('work.fund.title')}</h1>
      {visible.length > 1 ? (
        <TabBar tabs={visible} current={tab} onChange={setTab} label={t('work.fund.title')} names={(x) => t(`work.fund.tabs.${x}`)} />
      ) : null}
      {tab === 'income' && isStaff ? (
        <Income slug={slug} accounts={accounts.data?.accounts ?? []} />
      ) : tab === 'correct' && (isStaff || isSupervisor) ? (
        <Correct slug={slug} myId={me?.user?.id ?? 0} roles={roles} />
      ) : (
        <Expenses slug={slug} accounts={accounts.data?.accounts ?? []} myId={me?.user?.id ?? 0} roles={roles} />
      )}
    </>
  );
}
