import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SETTING_KEYS } from '../../../../../../src/modules/communities/communities.settings-fields.ts';
import { Choices, type Viewer } from '../../../../components/confirm.tsx';
import { ErrorNote } from '../../../../components/ui.tsx';
import { formatDateTime, useAction } from '../../../../components/work.tsx';
import { settings, type SettingChange } from '../../api.ts';
import { useSettingWords } from './words.ts';

type Action = 'approve' | 'refuse' | 'withdraw';
const DONE = { approve: 'approved', refuse: 'refused', withdraw: 'withdrawn' } as const;

/**
 * One change of settings: each setting it changes with the old and the new value, the ones that
 * weaken a check marked; who asked and when; decided, who decided. A supervisor decides others'
 * changes after confirming in place; whoever asked is told why there is nothing for them to approve.
 */
export function ChangeCard({
  slug,
  change: c,
  viewer,
  onDecided,
}: {
  slug: string;
  change: SettingChange;
  viewer: Viewer;
  onDecided: (message: string) => void;
}) {
  const { t, i18n } = useTranslation('communities');
  const words = useSettingWords();
  const time = (iso: string) => formatDateTime(iso, i18n.language);
  const [asking, setAsking] = useState<Action | null>(null);
  const { busy, error, run } = useAction();
  const pending = c.state === 'pending';
  const mine = c.proposedBy.userId === viewer.userId;
  const lines = SETTING_KEYS.filter((key) => c.changes[key] !== undefined).map((key) => ({
    key,
    name: words.name(key),
    before: words.show(key, c.before[key]),
    after: words.show(key, c.changes[key]),
    weakens: c.weakens.includes(key),
  }));
  const changes = lines.map((line) => t('settings.changes.line', line)).join(t('settings.changes.separator'));
  const actions: Action[] = [];
  if (pending && viewer.canDecide && !mine) actions.push('approve', 'refuse');
  if (pending && viewer.canWithdraw) actions.push('withdraw');
  const act = (action: Action) =>
    void run(async () => {
      await settings.decide(slug, c.id, action);
      setAsking(null);
      onDecided(t(`settings.changes.${DONE[action]}`, { changes }));
    });
  return (
    <li className="card" data-testid="setting-change" data-state={c.state}>
      <div className="row-between">
        <strong>{t('settings.changes.title')}</strong>
        <span className={`tag change-${c.state}`}>{t(`settings.changes.states.${c.state}`)}</span>
      </div>
      <ul className="change-lines">
        {lines.map((line) => (
          <li key={line.key} data-testid="change-line">
            {line.name}：<span className="change-before">{line.before}</span> → <strong>{line.after}</strong>
            {line.weakens ? <span className="tag tag-pending">{t('settings.changes.weakens')}</span> : null}
          </li>
        ))}
      </ul>
      <p className="muted small">{t('settings.changes.proposedBy', { name: c.proposedBy.name, time: time(c.createdAt) })}</p>
      {c.decidedBy && c.decidedAt ? (
        <p className="small" data-testid="decided-by">
          {t('settings.changes.decidedBy', { name: c.decidedBy.name, done: t(`settings.changes.done.${c.state}`), time: time(c.decidedAt) })}
        </p>
      ) : null}
      {pending && mine ? (
        <p className="note note-info" data-testid="own-change">
          {t('settings.changes.own')}
        </p>
      ) : null}
      <Choices
        choices={actions.map((action) => ({
          action,
          label: t(`settings.changes.${action}`),
          question: t(`settings.changes.${action}Question`, { changes }),
          confirm: t(`settings.changes.${action}Action`),
          strong: action === 'approve',
        }))}
        asking={asking}
        onAsk={setAsking}
        busy={busy}
        onConfirm={act}
      />
      <ErrorNote error={error} />
    </li>
  );
}
