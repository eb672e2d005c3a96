import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SETTING_KEYS } from '../../../../../src/modules/communities/communities.settings-fields.ts';
import { api } from '../../../api.ts';
import type { Viewer } from '../../../components/confirm.tsx';
import { ErrorNote, Loading, Notice } from '../../../components/ui.tsx';
import { useLoad } from '../../../components/work.tsx';
import { Link } from '../../../router.tsx';
import { rolesIn, useSession } from '../../../session.tsx';
import { settings, type CommunityHome, type SettingChange } from '../api.ts';
import { communityUrl } from '../urls.ts';
import { ChangeCard } from './settings/ChangeCard.tsx';
import { SettingCard } from './settings/SettingCard.tsx';

/** Recently decided changes shown under the waiting ones. */
const DECIDED_SHOWN = 10;

/**
 * A community's settings: every one with what it means; staff (and a platform administrator) change
 * them, a change that weakens a check waits for a supervisor, who approves or refuses it (never their
 * own); staff may withdraw one that waits.
 */
export default function SettingsPage({ params }: { params: Record<string, string> }) {
  const slug = params.slug ?? '';
  const { t } = useTranslation('communities');
  const { me } = useSession();
  const roles = rolesIn(me, slug);
  const isAdmin = Boolean(me?.user?.isPlatformAdmin);
  const canEdit = isAdmin || roles.includes('staff');
  const viewer: Viewer = { userId: me?.user?.id ?? 0, canDecide: roles.includes('supervisor'), canWithdraw: canEdit };
  const [done, setDone] = useState<string | null>(null);
  const community = useLoad(() => api.get<CommunityHome>(communityUrl(slug)), [slug]);
  const waiting = useLoad(async () => (await settings.changes(slug, 'pending', 100)).changes, [slug]);
  const decided = useLoad(async () => {
    const lists = await Promise.all((['approved', 'refused', 'withdrawn'] as const).map((state) => settings.changes(slug, state, DECIDED_SHOWN)));
    return lists
      .flatMap((l) => l.changes)
      .sort((a, b) => (b.decidedAt ?? '').localeCompare(a.decidedAt ?? ''))
      .slice(0, DECIDED_SHOWN);
  }, [slug]);
  const current = community.data?.settings;
  const changed = (message: string) => {
    setDone(message);
    void community.reload();
    void waiting.reload();
    void decided.reload();
  };
  return (
    <>
      <p>
        <Link to={`/c/${slug}`}>← {t('common.back')}</Link>
      </p>
      <h1>{t('settings.title')}</h1>
      <p className="note note-info" data-testid="four-eyes">
        {t('settings.intro')}
      </p>
      {done ? <Notice>{done}</Notice> : null}
      <section aria-labelledby="settings-now">
        <h2 id="settings-now">{t('settings.now')}</h2>
        <ErrorNote error={community.error} />
        {!current && !community.error ? <Loading /> : null}
        {current ? (
          <ul className="list">
            {SETTING_KEYS.map((key) => (
              <SettingCard key={key} slug={slug} settingKey={key} settings={current} pending={waiting.data ?? []} canEdit={canEdit} onDone={changed} />
            ))}
          </ul>
        ) : null}
      </section>
      <section aria-labelledby="settings-waiting">
        <h2 id="settings-waiting">
          {t('settings.changes.waiting')} <span className="count">({waiting.data?.length ?? 0})</span>
        </h2>
        <ChangeList slug={slug} list={waiting} empty={t('settings.changes.none')} viewer={viewer} onDecided={changed} />
      </section>
      <section aria-labelledby="settings-decided">
        <h2 id="settings-decided">{t('settings.changes.decided')}</h2>
        <ChangeList slug={slug} list={decided} empty={t('settings.changes.noneDecided')} viewer={viewer} onDecided={changed} />
      </section>
    </>
  );
}

function ChangeList({
  slug,
  list,
  empty,
  viewer,
  onDecided,
}: {
  slug: string;
  list: { data: SettingChange[] | null; loaded: boolean; error: unknown };
  empty: string;
  viewer: Viewer;
  onDecided: (message: string) => void;
}) {
  return (
    <>
      <ErrorNote error={list.error} />
      {!list.loaded && !list.error ? <Loading /> : null}
      {list.data?.length === 0 ? <p className="muted">{empty}</p> : null}
      <ul className="list">
        {list.data?.map((c) => (
          <ChangeCard key={c.id} slug={slug} change={c} viewer={viewer} onDecided={onDecided} />
        ))}
      </ul>
    </>
  );
}
