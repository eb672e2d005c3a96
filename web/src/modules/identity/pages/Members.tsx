import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../../../api.ts';
import { ErrorNote, Field, Loading, usePageTitle } from '../../../components/ui.tsx';
import { Pager } from '../../../components/work.tsx';
import { NAMESPACES, ROLES } from '../../../installed.ts';
import { Link } from '../../../router.tsx';
import type { Role } from '../../../session.tsx';
import type { Appointment, Appointments, Member, Members as MemberList } from '../api.ts';
import { AuditLog } from './members/AuditLog.tsx';
import { MemberCard } from './members/MemberCard.tsx';

const PAGE = 30;

export default function Members({ params }: { params: Record<string, string> }) {
  const slug = params.slug ?? '';
  const { t } = useTranslation('identity');
  usePageTitle(t('members.title'));
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [offset, setOffset] = useState(0);
  const [data, setData] = useState<MemberList | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      setError(null);
      setData(await api.get<MemberList>(`/api/v1/communities/${slug}/members${query({ q, role, limit: PAGE, offset })}`));
    } catch (err) {
      setError(err);
    }
  }, [slug, q, role, offset]);
  useEffect(() => {
    const timer = setTimeout(() => void load(), 200);
    return () => clearTimeout(timer);
  }, [load]);

  // Pending proposals to appoint, shown on each member's card; a page without them still works.
  const [pending, setPending] = useState<Appointment[]>([]);
  useEffect(() => {
    api
      .get<Appointments>(`/api/v1/communities/${slug}/appointments${query({ state: 'pending', limit: 200 })}`)
      .then((r) => setPending(r.appointments))
      .catch(() => setPending([]));
  }, [slug]);
  const change = (userId: number, change: Partial<Member>) =>
    setData((d) => d && { ...d, members: d.members.map((m) => (m.userId === userId ? { ...m, ...change } : m)) });

  return (
    <>
      <p>
        <Link to={`/c/${slug}`}>← {t('common.back')}</Link>
      </p>
      <h1>{t('members.title')}</h1>
      <div className="filters">
        <Field label={t('members.search')}>
          <input
            type="search"
            name="q"
            value={q}
            maxLength={40}
            onChange={(e) => {
              setQ(e.target.value);
              setOffset(0);
            }}
          />
        </Field>
        <Field label={t('members.role')}>
          <select
            value={role}
            onChange={(e) => {
              setRole(e.target.value as Role | '');
              setOffset(0);
            }}
          >
            <option value="">{t('common.all')}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`, { ns: NAMESPACES })}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <ErrorNote error={error} />
      {!data && !error ? <Loading /> : null}
      {data ? <p className="muted">{t('members.total', { count: data.total })}</p> : null}
      <ul className="list">
        {data?.members.map((m) => (
          <MemberCard
            key={m.userId}
            slug={slug}
            member={m}
            pending={pending.filter((a) => a.person.userId === m.userId)}
            onChanged={(c) => change(m.userId, c)}
            onConsentChanged={() => void load()}
            onProposed={(a) => setPending((p) => [a, ...p.filter((x) => x.id !== a.id)])}
          />
        ))}
      </ul>
      {data ? <Pager offset={offset} total={data.total} size={PAGE} onOffset={setOffset} /> : null}
      <section aria-labelledby="register-people">
        <h2 id="register-people">{t('members.registerPeople')}</h2>
        <p className="muted">{t('members.registerPeopleHint')}</p>
        <p className="row-actions">
          <Link to={`/c/${slug}/people/enrol`} className="btn">
            {t('members.enrol')}
          </Link>
          <Link to={`/c/${slug}/people`} className="btn btn-quiet">
            {t('members.register')}
          </Link>
        </p>
      </section>
      <AuditLog slug={slug} />
    </>
  );
}
