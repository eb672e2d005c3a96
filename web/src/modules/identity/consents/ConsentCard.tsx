import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Choices, type Choice } from '../../../components/confirm.tsx';
import { ErrorNote } from '../../../components/ui.tsx';
import { formatDateTime, useAction } from '../../../components/work.tsx';
import { useSession } from '../../../session.tsx';
import { consents, type Consent } from '../api.ts';
import { useConsentWords } from './words.ts';

type Action = 'countersign' | 'withdraw';

/**
 * One consent: who it is about, what it lets happen, how it was given, its state and who recorded
 * and countersigned it, with the signed form's photo. Staff countersign a paper form someone else
 * recorded and withdraw a consent on the person's word; the person (`mine`) withdraws their own.
 * Each action asks again in place, naming the person and what they consented to.
 */
export function ConsentCard({
  slug,
  consent: c,
  mine = false,
  onChanged,
}: {
  slug: string;
  consent: Consent;
  /** Shown to the person, the giver or the grantee themselves (我的授权), not to staff. */
  mine?: boolean;
  onChanged: (consent: Consent, message: string) => void;
}) {
  const { t, i18n } = useTranslation('identity');
  const { me } = useSession();
  const { what, title } = useConsentWords();
  const time = (iso: string) => formatDateTime(iso, i18n.language);
  const [asking, setAsking] = useState<Action | null>(null);
  const { busy, error, run } = useAction();
  const names = { name: c.person.name, what: what(c) };
  const open = c.state !== 'withdrawn';
  const recordedByMe = c.recordedBy !== null && c.recordedBy.userId === me?.user?.id;
  const choices: Choice<Action>[] = [];
  if (!mine && c.state === 'awaiting_countersign' && !recordedByMe)
    choices.push({
      action: 'countersign',
      label: t('consents.countersign'),
      question: t('consents.countersignQuestion', { ...names, recorder: c.recordedBy?.name ?? '' }),
      confirm: t('consents.countersignAction'),
      strong: true,
    });
  if (open)
    choices.push({
      action: 'withdraw',
      label: t('consents.withdraw'),
      question: t(mine ? 'consents.withdrawMineQuestion' : 'consents.withdrawQuestion', names),
      confirm: t('consents.withdrawAction'),
    });
  const act = (action: Action) =>
    void run(async () => {
      const done =
        action === 'countersign'
          ? await consents.countersign(slug, c.id)
          : mine
            ? await consents.withdrawMine(slug, c.id)
            : await consents.withdraw(slug, c.id);
      setAsking(null);
      onChanged(done, t(action === 'countersign' ? 'consents.countersigned' : 'consents.withdrawn', names));
    });
  return (
    <li className="card consent-card" data-testid="consent" data-state={c.state}>
      <div className="row-between">
        <strong>{title(c)}</strong>
        <span className={`tag consent-${c.state}`}>{t(`consents.states.${c.state}`)}</span>
      </div>
      <p className="small">{t('consents.given', { name: c.givenBy.name, method: t(`consents.methods.${c.method}`), time: time(c.createdAt) })}</p>
      <p className="small">{t('consents.note', { note: c.note })}</p>
      {c.recordedBy ? <p className="small muted">{t('consents.recordedBy', { name: c.recordedBy.name })}</p> : null}
      {c.countersignedBy && c.activeFrom ? (
        <p className="small muted">{t('consents.countersignedBy', { name: c.countersignedBy.name, time: time(c.activeFrom) })}</p>
      ) : null}
      {c.withdrawnAt ? <p className="small muted">{t('consents.withdrawnAt', { time: time(c.withdrawnAt) })}</p> : null}
      {c.state === 'unproven' ? <p className="note note-info">{t('consents.unprovenNote')}</p> : null}
      {c.formUrl ? (
        <p>
          <a href={c.formUrl} target="_blank" rel="noreferrer" className="form-photo">
            <img src={`${c.formUrl}/thumb`} alt="" width={96} height={96} />
            <span>{t('consents.formPhoto')}</span>
          </a>
        </p>
      ) : null}
      {!mine && c.state === 'awaiting_countersign' && recordedByMe ? (
        <p className="note note-info" data-testid="cannot-countersign">
          {t('consents.ownRecord')}
        </p>
      ) : null}
      <Choices choices={choices} asking={asking} onAsk={setAsking} busy={busy} onConfirm={act} />
      <ErrorNote error={error} />
    </li>
  );
}
