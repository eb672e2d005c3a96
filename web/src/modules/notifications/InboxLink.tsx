import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from '../../router.tsx';
import { useSession } from '../../session.tsx';
import { onUnread, refreshUnread } from './unread.ts';

/** How often the badge asks while the page is in view: new notices arrive without a reload. */
const EVERY_MS = 60_000;

/**
 * The header's inbox link, with my unread count: asked when the address changes, every minute while
 * the page is in view, and when it comes back into view; never for someone signed out. The first
 * render has no count, on the server's first screen and in the browser alike. A bell and the count,
 * its words in its name: with the word shown too the header takes another row on a phone.
 */
export function InboxLink() {
  const { t } = useTranslation('notifications');
  const { me } = useSession();
  const { path } = useLocation();
  const [unread, setUnread] = useState<number | null>(null);
  const userId = me?.user?.id ?? null;

  useEffect(() => onUnread(setUnread), []);
  useEffect(() => {
    setUnread(null);
  }, [userId]);
  useEffect(() => {
    if (userId === null) return;
    const refresh = () => {
      if (document.visibilityState === 'visible') refreshUnread().catch(() => {});
    };
    refresh();
    const timer = setInterval(refresh, EVERY_MS);
    document.addEventListener('visibilitychange', refresh);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', refresh);
    };
  }, [userId, path]);

  if (userId === null) return null;
  const count = unread ?? 0;
  return (
    <Link
      to="/me/notifications"
      className="chip inbox-link"
      aria-label={count > 0 ? t('link.unread', { count }) : t('link.name')}
      aria-current={path === '/me/notifications' ? 'page' : undefined}
      data-testid="inbox-link"
    >
      <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      {count > 0 ? (
        <span className="inbox-count" data-testid="inbox-count">
          {count > 99 ? '99+' : count}
        </span>
      ) : null}
    </Link>
  );
}
