import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading, Notice } from '../../../components/ui.tsx';
import { formatDateTime, useAction } from '../../../components/work.tsx';
import { Link, navigate } from '../../../router.tsx';
import { appLink, inbox, type Notification } from '../api.ts';
import { useSignedIn } from '../signed-in.ts';
import { announceUnread } from '../unread.ts';

const PAGE = 30;

/** My notifications from all my communities, newest first: tapping one marks it read and opens its page. */
export default function Inbox() {
  const { t } = useTranslation('notifications');
  const signedIn = useSignedIn();
  const [items, setItems] = useState<Notification[] | null>(null);
  const [unread, setUnread] = useState(0);
  const [hasMore, setHasMore] = useState(false);
  const [allMarked, setAllMarked] = useState(false);
  const { run: runLoad, busy: loadBusy, error: loadError } = useAction();
  const marking = useAction();

  const load = useCallback(
    (before?: number) =>
      runLoad(async () => {
        const page = await inbox.list({ limit: PAGE, before });
        setItems((shown) => [...(before ? (shown ?? []) : []), ...page.notifications]);
        setUnread(page.unread);
        setHasMore(page.notifications.length === PAGE);
        announceUnread(page.unread);
      }),
    [runLoad],
  );
  useEffect(() => {
    if (signedIn) void load();
  }, [signedIn, load]);

  const markedRead = (ids: number[] | 'all', count: number) => {
    const now = new Date().toISOString();
    setItems((shown) => shown?.map((n) => (n.readAt === null && (ids === 'all' || ids.includes(n.id)) ? { ...n, readAt: now } : n)) ?? null);
    setUnread(count);
    announceUnread(count);
  };
  const open = async (n: Notification) => {
    const target = appLink(n.link);
    if (n.readAt === null) {
      const ok = await marking.run(async () => markedRead([n.id], (await inbox.markRead({ ids: [n.id] })).unread));
      // A notice whose page cannot be opened shows why it stayed unread; one with a page opens it anyway.
      if (!ok && !target) return;
    }
    if (target) navigate(target);
  };
  const markAll = () =>
    void marking.run(async () => {
      markedRead('all', (await inbox.markRead({ all: true })).unread);
      setAllMarked(true);
    });

  if (!signedIn) return <Loading />;
  const last = items?.at(-1);
  return (
    <>
      <h1>{t('inbox.title')}</h1>
      <div className="row-between">
        <p className="lead" data-testid="unread-summary">
          {items === null ? '' : unread > 0 ? t('inbox.unreadCount', { count: unread }) : t('inbox.allRead')}
        </p>
        <Link to="/me/notifications/settings">{t('inbox.settings')}</Link>
      </div>
      {unread > 0 ? (
        <button type="button" className="btn" disabled={marking.busy} onClick={markAll}>
          {t('inbox.markAllRead')}
        </button>
      ) : null}
      {allMarked ? <Notice>{t('inbox.markedAllRead')}</Notice> : null}
      <ErrorNote error={marking.error ?? loadError} />
      {items === null && !loadError ? <Loading /> : null}
      {items?.length === 0 ? (
        <div className="empty" data-testid="inbox-empty">
          <p>{t('inbox.empty')}</p>
          <p className="muted">{t('inbox.emptyHint')}</p>
        </div>
      ) : null}
      <ul className="list">
        {items?.map((n) => (
          <NotificationCard key={n.id} notification={n} onOpen={() => void open(n)} />
        ))}
      </ul>
      {hasMore && last ? (
        <button type="button" className="btn" disabled={loadBusy} onClick={() => void load(last.id)}>
          {t('inbox.more')}
        </button>
      ) : null}
    </>
  );
}

/**
 * One notice: unread ones carry the word 未读 and a thick edge besides their colour. One with a page
 * is a link; one without is a button while unread (tapping marks it read), and plain text once read.
 */
function NotificationCard({ notification: n, onOpen }: { notification: Notification; onOpen: () => void }) {
  const { t, i18n } = useTranslation('notifications');
  const target = appLink(n.link);
  const isUnread = n.readAt === null;
  const content = (
    <>
      <span className="notice-head">
        {isUnread ? <span className="tag tag-unread">{t('inbox.unread')}</span> : null}
        {n.urgent ? <span className="tag tag-urgent">{t('inbox.urgent')}</span> : null}
        <span className="notice-title">{n.title}</span>
      </span>
      {n.body ? <span className="notice-body">{n.body}</span> : null}
      <span className="notice-meta">
        {n.community.name} · {formatDateTime(n.createdAt, i18n.language)}
      </span>
    </>
  );
  return (
    <li className={`card notice${isUnread ? ' notice-unread' : ''}`} data-testid="notification" data-unread={isUnread}>
      {target ? (
        <a
          className="notice-open"
          href={target}
          onClick={(e) => {
            if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
            e.preventDefault();
            onOpen();
          }}
        >
          {content}
        </a>
      ) : isUnread ? (
        <button type="button" className="notice-open" onClick={onOpen}>
          {content}
        </button>
      ) : (
        <div className="notice-open notice-static">{content}</div>
      )}
    </li>
  );
}
