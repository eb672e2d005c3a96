import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PhoneTail } from '../../../components/code.tsx';
import { ErrorNote, Field, Loading, usePageTitle } from '../../../components/ui.tsx';
import { ChoiceSelect, Pager, useLoad } from '../../../components/work.tsx';
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
        <ChoiceSelect
          label={t('list.group')}
          value={group}
          choices={GROUPS}
          empty={t('common.all')}
          nameOf={(g) => t(`groups.${g}`)}
          onChange={(g) => {
            setGroup(g);
            setOffset(0);
          }}
        />
        <ChoiceSelect
          label={t('list.ageBand')}
          value={ageBand}
          choices={AGE_BANDS}
          empty={t('common.all')}
          nameOf={(b) => t(`ageBands.${b}`)}
          onChange={(b) => {
            setAgeBand(b);
            setOffset(0);
          }}
        />
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
      {data ? <Pager offset={offset} total={data.total} size={PAGE} onOffset={setOffset} /> : null}
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
