import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api.ts';
import { ErrorNote, Field, Loading, Notice } from '../../../components/ui.tsx';
import { FileUpload, TabBar, useAction, useLoad, useTab } from '../../../components/work.tsx';
import { IMAGE_TYPES, type UploadedFile } from '../../../files.ts';
import { marketBase, type Community, type Maker } from '../api.ts';
import { Link } from '../../../router.tsx';
import { useSession } from '../../../session.tsx';
import { makers } from '../work.ts';
import { MyListings } from './maker/MyListings.tsx';
import { MyMoney } from './maker/MyMoney.tsx';

const TABS = ['listings', 'money'] as const;

/** 社区达人: apply, then list goods and services and follow sales, pending take and payouts. */
export default function MakerPage({ params }: { params: Record<string, string> }) {
  const slug = params.slug ?? '';
  const { t } = useTranslation('market');
  const { me } = useSession();
  const [tab, setTab] = useTab(TABS);
  const maker = useLoad(() => (me?.user?.id ? makers.mine(slug) : Promise.resolve(null)), [slug, me?.user?.id]);
  const community = useLoad(() => api.get<Community>(`/api/v1/communities/${encodeURIComponent(slug)}`), [slug]);

  const back = (
    <p>
      <Link to={`/c/${slug}`}>← {t('common.back')}</Link>
    </p>
  );
  if (me && !me.user)
    return (
      <>
        {back}
        <h1>{t('work.maker.title')}</h1>
        <Link to={`/login?next=/c/${slug}/maker`} className="btn btn-primary">
          {t('nav.login')}
        </Link>
      </>
    );
  if (maker.error) return <ErrorNote error={maker.error} />;
  if (!me || !maker.loaded) return <Loading />;
  const m = maker.data;
  return (
    <>
      {back}
      <h1>{t('work.maker.title')}</h1>
      {!m ? (
        <Apply slug={slug} onDone={() => void maker.reload()} />
      ) : m.status !== 'approved' ? (
        <Status maker={m} />
      ) : (
        <>
          <p className="muted" data-testid="maker-name">
            {m.name} · {m.crafts}
          </p>
          <TabBar tabs={TABS} current={tab} onChange={setTab} label={t('work.maker.title')} names={(x) => t(`work.maker.tabs.${x}`)} />
          {tab === 'listings' ? (
            <MyListings slug={slug} defaultPercent={community.data?.settings.defaultMarginPercent ?? 20} />
          ) : (
            <MyMoney slug={slug} maker={m} />
          )}
        </>
      )}
    </>
  );
}

function Status({ maker }: { maker: Maker }) {
  const { t } = useTranslation('market');
  return (
    <div className="card" data-testid="maker-status">
      <p className="card-title">{maker.name}</p>
      <p>{maker.status === 'applied' ? t('work.maker.waiting') : t('work.maker.rejected', { reason: maker.decisionReason ?? '' })}</p>
    </div>
  );
}

function Apply({ slug, onDone }: { slug: string; onDone: () => void }) {
  const { t } = useTranslation('market');
  const [story, setStory] = useState('');
  const [crafts, setCrafts] = useState('');
  const [photo, setPhoto] = useState<UploadedFile[]>([]);
  const [sent, setSent] = useState(false);
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api.post(`${marketBase(slug)}/makers/apply`, { story: story.trim(), crafts: crafts.trim(), ...(photo[0] ? { photoSha256: photo[0].sha256 } : {}) });
      setSent(true);
      onDone();
    });
  };
  return (
    <section aria-labelledby="apply">
      <h2 id="apply">{t('work.maker.apply')}</h2>
      <p className="muted">{t('work.maker.applyHint')}</p>
      <form className="form" onSubmit={submit}>
        <Field label={t('work.maker.crafts')} hint={t('work.maker.craftsHint')}>
          <input required maxLength={200} value={crafts} onChange={(e) => setCrafts(e.target.value)} />
        </Field>
        <Field label={t('work.maker.story')} hint={t('work.maker.storyHint')}>
          <textarea required rows={4} maxLength={2000} value={story} onChange={(e) => setStory(e.target.value)} />
        </Field>
        <FileUpload
          slug={slug}
          label={t('work.maker.photo')}
          hint={t('work.photoHint')}
          accept={IMAGE_TYPES}
          max={1}
          value={photo}
          onChange={setPhoto}
          testId="maker-photo"
        />
        <ErrorNote error={error} />
        {sent ? <Notice>{t('work.maker.sent')}</Notice> : null}
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('work.maker.applyAction')}
        </button>
      </form>
    </section>
  );
}
