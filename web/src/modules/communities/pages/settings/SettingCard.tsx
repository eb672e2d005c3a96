import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SETTING_FIELDS, weakeningKeys, type SettingKey, type SettingValues } from '../../../../../../src/modules/communities/communities.settings-fields.ts';
import { ConfirmStep } from '../../../../components/confirm.tsx';
import { ErrorNote, Field } from '../../../../components/ui.tsx';
import { useAction } from '../../../../components/work.tsx';
import { parseYuan } from '../../../../money.ts';
import { settings as settingsApi, type SettingChange, type Settings } from '../../api.ts';
import { useSettingWords } from './words.ts';

type Value = string | number;

/** What the person typed as a value of the setting, or null when it is not one (wrong form, out of its limits). */
function parseDraft(key: SettingKey, draft: string): Value | null {
  const field = SETTING_FIELDS[key];
  const text = draft.trim();
  switch (field.unit) {
    case 'text':
      return text.length <= field.max ? text : null;
    case 'fen': {
      const fen = parseYuan(text);
      return fen !== null && fen >= field.min && fen <= field.max ? fen : null;
    }
    case 'percent':
    case 'minutes': {
      const n = Number(text);
      return /^\d+$/.test(text) && n >= field.min && n <= field.max ? n : null;
    }
  }
}

/** The value as the form shows it to be edited: yuan for fen, without ".00" when whole. */
function draftOf(key: SettingKey, value: Value): string {
  if (SETTING_FIELDS[key].unit !== 'fen') return String(value);
  const fen = Number(value);
  return fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2);
}

/**
 * One setting: its name, its value, what it means, and what is waiting to change it. Staff (and a
 * platform administrator) change it after confirming in place; the question says from what to what,
 * and, when the change weakens a check, that it will wait for a supervisor and the old value holds
 * until then.
 */
export function SettingCard({
  slug,
  settingKey: key,
  settings,
  pending,
  canEdit,
  onDone,
}: {
  slug: string;
  settingKey: SettingKey;
  settings: SettingValues;
  /** The changes waiting for a supervisor. */
  pending: readonly SettingChange[];
  canEdit: boolean;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation('communities');
  const words = useSettingWords();
  const field = SETTING_FIELDS[key];
  const value = settings[key];
  const name = words.name(key);
  const [draft, setDraft] = useState<string | null>(null);
  const [asking, setAsking] = useState<Value | null>(null);
  const { busy, error, setError, run } = useAction();
  const limits = field.unit === 'text' ? null : { min: words.show(key, field.min), max: words.show(key, field.max) };
  const close = () => {
    setDraft(null);
    setAsking(null);
    setError(null);
  };
  const next = (e: FormEvent) => {
    e.preventDefault();
    const after = parseDraft(key, draft ?? '');
    setAsking(null);
    if (after === null) setError(new Error(limits ? t('settings.outOfLimits', limits) : t('common.error')));
    else if (after === value) setError(new Error(t('settings.unchanged')));
    else {
      setError(null);
      setAsking(after);
    }
  };
  const change = { [key]: asking } as Partial<Settings>;
  const weakens = asking !== null && weakeningKeys(settings, change).length > 0;
  const texts = { name, before: words.show(key, value), after: asking === null ? '' : words.show(key, asking) };
  const save = () =>
    void run(async () => {
      const answer = await settingsApi.change(slug, change);
      close();
      onDone(t('change' in answer ? 'settings.proposed' : 'settings.applied', texts));
    });
  const waiting = pending.filter((c) => c.changes[key] !== undefined);
  return (
    <li className="card" data-testid="setting" data-key={key}>
      <div className="row-between">
        <strong>{name}</strong>
        {/* a text (the disclosures' contact) wraps; a figure stays on one line */}
        <span className={field.unit === 'text' ? 'setting-text' : 'amount'} data-testid="setting-value">
          {words.show(key, value)}
        </span>
      </div>
      <p className="muted small">{words.means(key)}</p>
      {waiting.map((c) => (
        <p key={c.id} className="note note-info" data-testid="setting-pending">
          {t('settings.waiting', { value: words.show(key, c.changes[key]), name: c.proposedBy.name })}
        </p>
      ))}
      {canEdit && draft === null ? (
        <button type="button" className="btn" aria-label={t('settings.changeWhich', { name })} onClick={() => setDraft(draftOf(key, value))}>
          {t('settings.change')}
        </button>
      ) : null}
      {draft !== null ? (
        <form className="form" onSubmit={next}>
          <Field label={t(`settings.newValue.${field.unit}`)} hint={limits ? t('settings.limits', limits) : undefined}>
            <input
              value={draft}
              onChange={(e) => {
                setDraft(e.target.value);
                setAsking(null);
              }}
              {...(field.unit === 'text' ? { maxLength: field.max } : { inputMode: field.unit === 'fen' ? 'decimal' : 'numeric' })}
            />
          </Field>
          {asking === null ? (
            <div className="row-actions">
              <button type="submit" className="btn btn-strong">
                {t('settings.next')}
              </button>
              <button type="button" className="btn btn-quiet" onClick={close}>
                {t('common.cancel')}
              </button>
            </div>
          ) : null}
        </form>
      ) : null}
      {asking !== null ? (
        <ConfirmStep
          label={t('settings.changeWhich', { name })}
          question={t('settings.question', texts)}
          action={t(weakens ? 'settings.proposeAction' : 'settings.applyAction')}
          busy={busy}
          onConfirm={save}
          onCancel={() => setAsking(null)}
        >
          {weakens ? <p className="note note-info">{t('settings.weakens', texts)}</p> : null}
        </ConfirmStep>
      ) : null}
      <ErrorNote error={error} />
    </li>
  );
}
