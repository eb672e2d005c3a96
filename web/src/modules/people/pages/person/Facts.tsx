import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PhoneTail } from '../../../../components/code.tsx';
import { formatDateTime, useLoad } from '../../../../components/work.tsx';
import { Link } from '../../../../router.tsx';
import { register, type Person } from '../../api.ts';

type Ref = Person['guardians'][number];

/** A register entry as staff read it: age, address, household and who lives in it, phone, and the people linked by consent. */
export function Facts({ slug, person: p }: { slug: string; person: Person }) {
  const { t, i18n } = useTranslation('people');
  const householdId = p.household?.id ?? null;
  const household = useLoad(() => (householdId ? register.household(slug, householdId) : Promise.resolve(null)), [slug, householdId]);
  const people = (refs: readonly Ref[]): ReactNode =>
    refs.map((r, i) => (
      <Fragment key={r.userId}>
        {i > 0 ? '、' : null}
        <Link to={`/c/${slug}/person/${r.userId}`}>{r.name}</Link>
      </Fragment>
    ));
  const age = p.birthYear
    ? t('person.born', { year: p.birthYear, band: t(`ageBands.${p.ageBand ?? 'under_14'}`) })
    : p.ageBand
      ? t(`ageBands.${p.ageBand}`)
      : t('person.ageUnknown');
  const housemates = household.data?.members.filter((m) => m.userId !== p.userId) ?? [];
  // Links to other people only where there are some: an empty "guardians: none" says nothing.
  const linked = (label: string, refs: readonly Ref[]): [string, ReactNode][] => (refs.length > 0 ? [[label, people(refs)]] : []);
  const rows: [string, ReactNode][] = [
    [t('person.age'), age],
    [t('person.groups'), p.groups.length > 0 ? p.groups.map((g) => t(`groups.${g}`)).join('、') : t('person.nobody')],
    [t('person.phone'), p.phone ? <PhoneTail phone={p.phone} /> : t('person.noPhone')],
    [t('person.actForLabel'), p.actForConsent ? t('person.actForYes') : t('person.actForNo')],
    [t('person.address'), p.address?.label ?? t('person.noAddress')],
    [t('person.household'), p.household ? p.household.label : t('person.noHousehold')],
    ...linked(t('person.housemates'), housemates),
    ...linked(t('person.guardians'), p.guardians),
    ...linked(t('person.children'), p.children),
    ...linked(t('person.carers'), p.carers),
    ...linked(t('person.caresFor'), p.caresFor),
    [
      t('person.registered'),
      p.registeredBy
        ? t('person.registeredBy', { name: p.registeredBy.name, time: formatDateTime(p.registeredAt, i18n.language) })
        : t('person.registeredSelf', { time: formatDateTime(p.registeredAt, i18n.language) }),
    ],
  ];
  return (
    <dl className="facts person-facts" data-testid="person-facts">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
