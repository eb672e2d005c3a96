import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../../../api.ts';
import { ErrorNote, Field, Loading, Notice } from '../../../components/ui.tsx';
import { NAMESPACES, ROLES } from '../../../installed.ts';
import { Link } from '../../../router.tsx';
import type { Role } from '../../../session.tsx';
import type { Appointment, Appointments, Member, Members as MemberList } from '../api.ts';
import { AuditLog } from './members/Consent.tsx';
import { MemberCard } from './members/MemberCard.tsx';

const PAGE = 30;

export default function Members({ params }: { params: Record<string, string> }) {
  const slug = params.slug ?? '';
  const { t } = useTranslation('identity');
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
            onProposed={(a) => setPending((p) => [a, ...p.filter((x) => x.id !== a.id)])}
          />
        ))}
      </ul>
      {data && data.total > PAGE ? (
        <div className="pager">
          <button type="button" className="btn" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            {t('common.prev')}
          </button>
          <span>
            {offset / PAGE + 1} / {Math.ceil(data.total / PAGE)}
          </span>
          <button type="button" className="btn" disabled={offset + PAGE >= data.total} onClick={() => setOffset(offset + PAGE)}>
            {t('common.next')}
          </button>
        </div>
      ) : null}
      <RegisterResident slug={slug} onDone={() => void load()} />
      <AuditLog slug={slug} />
    </>
  );
}

/** 代办: staff register a resident who cannot use a phone, recording how they consented. */
function RegisterResident({ slug, onDone }: { slug: string; onDone: () => void }) {
  const { t } = useTranslation('identity');
  const [phone, setPhone] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [consentNote, setConsentNote] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(null);
    try {
      const m = await api.post<Member>(`/api/v1/communities/${slug}/residents`, { phone, displayName: displayName.trim(), consentNote: consentNote.trim() });
      setDone(m.displayName);
      setPhone('');
      setDisplayName('');
      setConsentNote('');
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section aria-labelledby="proxy">
      <h2 id="proxy">{t('members.registerResident')}</h2>
      <p className="muted">{t('members.registerResidentHint')}</p>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <Field label={t('auth.phone')}>
          <input type="tel" inputMode="numeric" required pattern="1[3-9][0-9]{9}" value={phone} onChange={(e) => setPhone(e.target.value.trim())} />
        </Field>
        <Field label={t('auth.displayName')}>
          <input required maxLength={40} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </Field>
        <Field label={t('members.consentNote')} hint={t('members.consentNoteHint')}>
          <input required maxLength={200} value={consentNote} onChange={(e) => setConsentNote(e.target.value)} />
        </Field>
        <ErrorNote error={error} />
        {done ? <Notice>{t('members.registered', { name: done })}</Notice> : null}
        <button type="submit" className="btn btn-primary">
          {t('members.registerAction')}
        </button>
      </form>
    </section>
  );
}
