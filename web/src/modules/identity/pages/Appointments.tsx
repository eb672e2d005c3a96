import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../../../api.ts';
import type { Viewer } from '../../../components/confirm.tsx';
import { ErrorNote, Loading, Notice } from '../../../components/ui.tsx';
import { TabBar, useLoad, useTab } from '../../../components/work.tsx';
import { Link } from '../../../router.tsx';
import { rolesIn, useSession } from '../../../session.tsx';
import type { Appointments } from '../api.ts';
import { AppointmentCard } from './appointments/AppointmentCard.tsx';

// Proposals to appoint a supervisor (居务监督): staff propose, a platform administrator or another
// supervisor confirms or refuses, staff may withdraw; and the decided ones, with who decided and when.

const TABS = ['pending', 'decided'] as const;
const DECIDED = ['confirmed', 'refused', 'withdrawn'] as const;

export default function AppointmentsPage({ params }: { params: Record<string, string> }) {
  const slug = params.slug ?? '';
  const { t } = useTranslation('identity');
  const { me } = useSession();
  const [tab, setTab] = useTab(TABS);
  const [done, setDone] = useState<string | null>(null);
  const roles = rolesIn(me, slug);
  const viewer: Viewer = {
    userId: me?.user?.id ?? 0,
    canDecide: Boolean(me?.user?.isPlatformAdmin) || roles.includes('supervisor'),
    canWithdraw: roles.includes('staff'),
  };
  return (
    <>
      <p>
        <Link to={`/c/${slug}`}>← {t('common.back')}</Link>
      </p>
      <h1>{t('appointments.title')}</h1>
      <p className="note note-info" data-testid="four-eyes">
        {t('appointments.intro')}
      </p>
      <TabBar
        tabs={TABS}
        current={tab}
        onChange={(next) => {
          setDone(null);
          setTab(next);
        }}
        label={t('appointments.tabs')}
        names={(x) => t(`appointments.${x}`)}
      />
      {done ? <Notice>{done}</Notice> : null}
      {/* Keyed by the tab: the other tab's list is not shown while this one loads. */}
      <AppointmentList key={tab} slug={slug} tab={tab} viewer={viewer} onDecided={setDone} />
    </>
  );
}

function AppointmentList({ slug, tab, viewer, onDecided }: { slug: string; tab: (typeof TABS)[number]; viewer: Viewer; onDecided: (message: string) => void }) {
  const { t } = useTranslation('identity');
  const url = `/api/v1/communities/${slug}/appointments`;
  const list = useLoad(async () => {
    if (tab === 'pending') return (await api.get<Appointments>(`${url}${query({ state: 'pending', limit: 200 })}`)).appointments;
    // The decided ones, whichever way, newest decision first.
    const lists = await Promise.all(DECIDED.map((state) => api.get<Appointments>(`${url}${query({ state, limit: 100 })}`)));
    return lists.flatMap((l) => l.appointments).sort((a, b) => (b.decidedAt ?? '').localeCompare(a.decidedAt ?? ''));
  }, [url, tab]);
  return (
    <>
      <ErrorNote error={list.error} />
      {!list.loaded && !list.error ? <Loading /> : null}
      {list.data?.length === 0 ? <p className="muted">{t(tab === 'pending' ? 'appointments.empty' : 'appointments.emptyDecided')}</p> : null}
      <ul className="list">
        {list.data?.map((a) => (
          <AppointmentCard
            key={a.id}
            slug={slug}
            appointment={a}
            viewer={viewer}
            onDecided={(message) => {
              onDecided(message);
              void list.reload();
            }}
          />
        ))}
      </ul>
    </>
  );
}
