import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Field, Loading, Notice } from '../../../components/ui.tsx';
import { useAction, useLoad } from '../../../components/work.tsx';
import { Link } from '../../../router.tsx';
import { preferences, type Preferences } from '../api.ts';
import { useSignedIn } from '../signed-in.ts';

/**
 * The times offered when quiet hours are turned on again after being off: the server's defaults
 * (DEFAULT_QUIET, src/modules/notifications/notifications.quiet.ts), which it answers for someone who never chose.
 */
const DEFAULT_QUIET = { start: '21:00', end: '08:00' };

/** Every half hour of the day, HH:MM. */
const HALF_HOURS = Array.from({ length: 48 }, (_, i) => `${String(Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`);

/**
 * A time of day from a list of half hours, written as the hint writes it (21:00). Not an
 * <input type="time">: that shows the phone's own format (09:00 PM) and a spinner that is hard to
 * use with big text. A time saved off the half hour (through the API) stays one of the choices.
 */
function TimeChoice({ label, name, value, onChange }: { label: string; name: string; value: string; onChange: (time: string) => void }) {
  const times = HALF_HOURS.includes(value) ? HALF_HOURS : [...HALF_HOURS, value].sort();
  return (
    <Field label={label}>
      <select name={name} value={value} onChange={(e) => onChange(e.target.value)}>
        {times.map((time) => (
          <option key={time} value={time}>
            {time}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** Which channels may remind me besides the inbox, my quiet hours, and my WeChat binding. */
export default function Settings() {
  const { t } = useTranslation('notifications');
  const signedIn = useSignedIn();
  const loaded = useLoad(() => (signedIn ? preferences.get() : Promise.resolve(null)), [signedIn]);
  if (!signedIn || (!loaded.data && !loaded.error)) return <Loading />;
  return (
    <>
      <p>
        <Link to="/me/notifications">← {t('settings.back')}</Link>
      </p>
      <h1>{t('settings.title')}</h1>
      <p className="muted">{t('settings.intro')}</p>
      <ErrorNote error={loaded.error} />
      {loaded.data ? <SettingsForm initial={loaded.data} /> : null}
    </>
  );
}

function SettingsForm({ initial }: { initial: Preferences }) {
  const { t } = useTranslation('notifications');
  const [saved, setSaved] = useState<Preferences>(initial);
  const [sms, setSms] = useState(initial.sms);
  const [wechat, setWechat] = useState(initial.wechat);
  const [quietOn, setQuietOn] = useState(initial.quietHours !== null);
  const [start, setStart] = useState(initial.quietHours?.start ?? DEFAULT_QUIET.start);
  const [end, setEnd] = useState(initial.quietHours?.end ?? DEFAULT_QUIET.end);
  const [done, setDone] = useState(false);
  const { busy, error, setError, run } = useAction();
  // A change after saving takes the confirmation away: it no longer says what is on screen.
  useEffect(() => setDone(false), [sms, wechat, quietOn, start, end]);

  const save = (e: FormEvent) => {
    e.preventDefault();
    if (quietOn && start === end) {
      setError(new Error(t('settings.quietSame')));
      return;
    }
    void run(async () => {
      const answer = await preferences.save({ sms, wechat, quietHours: quietOn ? { start, end } : null });
      setSaved(answer);
      setDone(true);
    });
  };

  return (
    <form className="form" onSubmit={save}>
      <fieldset className="choices">
        <legend>{t('settings.channels')}</legend>
        <label className="check">
          <input type="checkbox" name="sms" checked={sms} onChange={(e) => setSms(e.target.checked)} />
          <span>{t('settings.sms')}</span>
        </label>
        <p className="field-hint">{t('settings.smsHint')}</p>
        {saved.wechatAvailable ? <WeChatChoice preferences={saved} wechat={wechat} onWechat={setWechat} onChanged={setSaved} /> : null}
      </fieldset>
      <fieldset className="choices">
        <legend>{t('settings.quiet')}</legend>
        <label className="check">
          <input type="checkbox" name="quiet" checked={quietOn} onChange={(e) => setQuietOn(e.target.checked)} />
          <span>{t('settings.quietOn')}</span>
        </label>
        {quietOn ? (
          <div className="filters">
            <TimeChoice label={t('settings.quietStart')} name="quietStart" value={start} onChange={setStart} />
            <TimeChoice label={t('settings.quietEnd')} name="quietEnd" value={end} onChange={setEnd} />
          </div>
        ) : null}
        <p className="field-hint">{t('settings.quietHint')}</p>
      </fieldset>
      <ErrorNote error={error} />
      {done ? <Notice>{t('settings.saved')}</Notice> : null}
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {t('settings.save')}
      </button>
    </form>
  );
}

/**
 * WeChat, when this install sends WeChat notices: bound, the choice and unbinding (confirmed in
 * place); not bound, the way to bind, which goes through WeChat's own page and back to /me/wechat.
 */
function WeChatChoice({
  preferences: current,
  wechat,
  onWechat,
  onChanged,
}: {
  preferences: Preferences;
  wechat: boolean;
  onWechat: (on: boolean) => void;
  onChanged: (p: Preferences) => void;
}) {
  const { t } = useTranslation('notifications');
  const [confirming, setConfirming] = useState(false);
  const [unbound, setUnbound] = useState(false);
  const { busy, error, run } = useAction();
  const bind = () =>
    void run(async () => {
      window.location.assign(await preferences.wechatAuthorizeUrl());
    });
  const unbind = () =>
    void run(async () => {
      onChanged(await preferences.unbindWeChat());
      setConfirming(false);
      setUnbound(true);
    });
  if (!current.wechatBound)
    return (
      <div className="wechat" data-testid="wechat">
        <p>{t('settings.wechatNotBound')}</p>
        {unbound ? <Notice>{t('settings.unbound')}</Notice> : null}
        <button type="button" className="btn" disabled={busy} onClick={bind}>
          {t('settings.bindWeChat')}
        </button>
        {/* WeChat's authorisation page works only inside WeChat. */}
        {/MicroMessenger/i.test(navigator.userAgent) ? null : <p className="field-hint">{t('settings.bindHint')}</p>}
        <ErrorNote error={error} />
      </div>
    );
  return (
    <div className="wechat" data-testid="wechat">
      <label className="check">
        <input type="checkbox" name="wechat" checked={wechat} onChange={(e) => onWechat(e.target.checked)} />
        <span>{t('settings.wechat')}</span>
      </label>
      <p className="field-hint">{t('settings.wechatBound')}</p>
      <button type="button" className="btn btn-quiet" aria-expanded={confirming} onClick={() => setConfirming(!confirming)}>
        {t('settings.unbind')}
      </button>
      {confirming ? (
        <div className="confirm" role="group" aria-label={t('settings.unbind')}>
          <p>{t('settings.unbindConfirm')}</p>
          <div className="row-actions">
            <button type="button" className="btn btn-strong" disabled={busy} onClick={unbind}>
              {t('settings.unbindAction')}
            </button>
            <button type="button" className="btn btn-quiet" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : null}
      <ErrorNote error={error} />
    </div>
  );
}
