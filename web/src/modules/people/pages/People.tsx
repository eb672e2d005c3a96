import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PhoneTail } from '../../../components/code.tsx';
import { ErrorNote, Field, Loading, usePageTitle } from '../../../components/ui.tsx';
import { useLoad } from '../../../components/work.tsx';
import { Link } from '../../../router.tsx';
import { rolesIn, useSession } from '../../../session.tsx';
import { AGE_BANDS, GROUPS, register, type AgeBand, type Group, type Person } from '../api.ts';

const PAGE = 30;

/** The resident register (staff): find people by name or number, group and age band; each row opens their page. */
export default function People({ params }: { params: Record<string, string> }) {
  const slug = params.slug ?? '';
  const { t } = useTranslation('people');
  usePageTitle(t('list.title'));
  const { me } = useSession();
  return (
    <>
      <p>
        <Link to={`/c/${slug}`}>← {t('common.back')}</Link>
      </p>
      <h1>{t('list.title')}</h1>
      {!me ? <Loading /> : rolesIn(me, slug).includes('staff') ? <Register slug={slug} /> : <p className="note note-error">{t('list.staffOnly')}</p>}
    </>
  );
}

function Register({ slug }: { slug: string }) {
  const { t } = useTranslation('people');
  const [q, setQ] = useState('');
  const [typed, setTyped] = useState('');
  const [group, setGroup] = useState<Group | ''>('');
  const [ageBand, setAgeBand] = useState<AgeBand | ''>('');
  const [offset, setOffset] = useState(0);
  // Asks once typing pauses, not at each character.
  useEffect(() => {
    const timer = setTimeout(() => {
      setQ(typed.trim());
      setOffset(0);
    }, 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const list = useLoad(
    () => register.list(slug, { q, group: group || undefined, ageBand: ageBand || undefined, limit: PAGE, offset }),
    [slug, q, group, ageBand, offset],
  );
  const data = list.data;
  return (
    <>
      <Link to={`/c/${slug}/people/enrol`} className="btn btn-primary">
        {t('enrol.title')}
      </Link>
      <p>
        <Link to={`/c/${slug}/consents`}>{t('list.review')}</Link>
      </p>
      <Field label={t('list.search')}>
        <input type="search" name="q" value={typed} maxLength={40} onChange={(e) => setTyped(e.target.value)} />
      </Field>
      <div className="filters">
        <Field label={t('list.group')}>
          <select
            value={group}
            onChange={(e) => {
              setGroup(e.target.value as Group | '');
              setOffset(0);
            }}
          >
            <option value="">{t('common.all')}</option>
            {GROUPS.map((g) => (
              <option key={g} value={g}>
                {t(`groups.${g}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('list.ageBand')}>
          <select
            value={ageBand}
            onChange={(e) => {
              setAgeBand(e.target.value as AgeBand | '');
              setOffset(0);
            }}
          >
            <option value="">{t('common.all')}</option>
            {AGE_BANDS.map((b) => (
              <option key={b} value={b}>
                {t(`ageBands.${b}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <ErrorNote error={list.error} />
      {!data && !list.error ? <Loading /> : null}
      {data ? (
        <p className="muted" role="status">
          {t('list.total', { count: data.total })}
        </p>
      ) : null}
      <ul className="list" data-testid="people">
        {data?.people.map((p) => (
          <PersonRow key={p.userId} slug={slug} person={p} />
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
    </>
  );
}

/** One entry: name, age band, address, groups, whether staff may act for them, and the phone's last four digits. */
function PersonRow({ slug, person: p }: { slug: string; person: Person }) {
  const { t } = useTranslation('people');
  return (
    <li>
      <Link to={`/c/${slug}/person/${p.userId}`} className="card card-link" data-testid="person-row">
        <span className="row-between">
          <span className="card-title">{p.displayName}</span>
          {p.phone ? <PhoneTail phone={p.phone} /> : <span className="muted">{t('person.noPhone')}</span>}
        </span>
        <span>
          {p.ageBand ? t(`ageBands.${p.ageBand}`) : t('person.ageUnknown')} · {p.address?.label ?? t('person.noAddress')}
        </span>
        {p.groups.length > 0 || p.actForConsent ? (
          <span className="roles">
            {p.groups.map((g) => (
              <span key={g} className="tag">
                {t(`groups.${g}`)}
              </span>
            ))}
            {p.actForConsent ? <span className="tag tag-info">{t('person.actFor')}</span> : null}
          </span>
        ) : null}
      </Link>
    </li>
  );
}
