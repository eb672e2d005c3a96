import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading, Notice, usePageTitle } from '../../../components/ui.tsx';
import { formatDateTime, useLoad } from '../../../components/work.tsx';
import { Link, navigate } from '../../../router.tsx';
import { useSession } from '../../../session.tsx';
import { myData } from '../api.ts';
import { RoleTags } from '../RoleTags.tsx';
import { CloseAccount } from './my-data/CloseAccount.tsx';
import { ModuleData } from './my-data/DataView.tsx';

/**
 * 我的数据 (PIPL Arts. 45 and 47): everything the platform holds about me, my account and in each of
 * my communities what each module holds, to read here or download as a file; and closing my account.
 */
export default function MyDataPage() {
  const { t } = useTranslation('identity');
  usePageTitle(t('myData.title'));
  const { me, refresh } = useSession();
  const [closed, setClosed] = useState(false);
  const signedIn = Boolean(me?.user);
  useEffect(() => {
    if (me && !me.user && !closed) navigate('/login?next=/me/data', { replace: true });
  }, [me, closed]);
  if (closed)
    return (
      <>
        <h1>{t('myData.title')}</h1>
        <Notice>{t('close.done')}</Notice>
        <p>
          <Link to="/">{t('common.backHome')}</Link>
        </p>
      </>
    );
  if (!signedIn) return <Loading />;
  return (
    <Held
      onClosed={() => {
        setClosed(true);
        void refresh();
      }}
    />
  );
}

function Held({ onClosed }: { onClosed: () => void }) {
  const { t, i18n } = useTranslation('identity');
  const data = useLoad(() => myData.get(), []);
  const time = (iso: string) => formatDateTime(iso, i18n.language);
  const d = data.data;
  return (
    <>
      <p>
        <Link to="/me">← {t('account.title')}</Link>
      </p>
      <h1>{t('myData.title')}</h1>
      <p>{t('myData.intro')}</p>
      <a className="btn btn-primary" href={myData.downloadUrl} download data-testid="download-my-data">
        {t('myData.download')}
      </a>
      <p className="muted small">{t('myData.downloadHint')}</p>
      <ErrorNote error={data.error} />
      {!d && !data.error ? <Loading /> : null}
      {d ? (
        <>
          <section aria-labelledby="my-account">
            <h2 id="my-account">{t('myData.account')}</h2>
            <dl className="facts">
              <div>
                <dt>{t('auth.displayName')}</dt>
                <dd>{d.account.displayName}</dd>
              </div>
              <div>
                <dt>{t('auth.phone')}</dt>
                <dd>{d.account.phone ?? t('personalData.none')}</dd>
              </div>
              <div>
                <dt>{t('myData.since')}</dt>
                <dd>{time(d.account.createdAt)}</dd>
              </div>
              <div>
                <dt>{t('myData.password')}</dt>
                <dd>{t(d.account.hasPassword ? 'myData.passwordSet' : 'myData.passwordNone')}</dd>
              </div>
              <div>
                <dt>{t('account.namePublic')}</dt>
                <dd>{t(d.account.namePublic ? 'personalData.yes' : 'personalData.no')}</dd>
              </div>
              <div>
                <dt>{t('myData.sessions')}</dt>
                <dd>{t('myData.sessionCount', { count: d.sessions.length })}</dd>
              </div>
            </dl>
            {d.accountEvents.length > 0 ? (
              <details>
                <summary>{t('myData.events', { count: d.accountEvents.length })}</summary>
                <ol className="list">
                  {d.accountEvents.map((e, i) => (
                    <li key={i} className="small">
                      {time(e.at)} · {t(`myData.eventNames.${e.action.replace(/\./g, '_')}`, { defaultValue: e.action })}
                    </li>
                  ))}
                </ol>
              </details>
            ) : null}
          </section>
          {d.communities.map((c) => (
            <section key={c.slug} aria-labelledby={`my-data-${c.slug}`}>
              <h2 id={`my-data-${c.slug}`}>{c.name}</h2>
              <RoleTags roles={c.roles} as="p" />
              {Object.keys(c.data).length === 0 ? <p className="muted">{t('myData.nothingHere')}</p> : null}
              {Object.entries(c.data).map(([module, part]) => (
                <ModuleData key={module} module={module} data={part} />
              ))}
            </section>
          ))}
          <CloseAccount account={d.account} onClosed={onClosed} />
        </>
      ) : null}
    </>
  );
}
