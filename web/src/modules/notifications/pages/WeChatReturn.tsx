import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading, Notice } from '../../../components/ui.tsx';
import { Link, navigate, useLocation } from '../../../router.tsx';
import { preferences } from '../api.ts';
import { useSignedIn } from '../signed-in.ts';

type Outcome = { bound: true } | { error: unknown };

/**
 * Where WeChat's 网页授权 brings the person back, with ?code=&state=: binds their WeChat once, then
 * takes the one-time code out of the address (a reload or the history should not offer it again).
 */
export default function WeChatReturn() {
  const { t } = useTranslation('notifications');
  const signedIn = useSignedIn();
  const { search } = useLocation();
  // Read once: the address loses them after the binding.
  const [sent] = useState(() => ({ code: search.get('code'), state: search.get('state') }));
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (!signedIn || started.current) return;
    // A code works once: React's development double effects must not post it twice.
    started.current = true;
    const { code, state } = sent;
    if (!code || !state) {
      setOutcome({ error: new Error(t('wechat.missing')) });
      return;
    }
    preferences
      .bindWeChat({ code, state })
      .then(
        () => setOutcome({ bound: true }),
        (error: unknown) => setOutcome({ error }),
      )
      .finally(() => navigate('/me/wechat', { replace: true }));
  }, [signedIn, sent, t]);

  return (
    <>
      <h1>{t('wechat.title')}</h1>
      {outcome === null ? <Loading /> : 'bound' in outcome ? <Notice>{t('wechat.bound')}</Notice> : <ErrorNote error={outcome.error} />}
      {outcome ? (
        <p>
          <Link to="/me/notifications/settings">{t('wechat.toSettings')}</Link>
        </p>
      ) : null}
    </>
  );
}
