import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * An action asked again in place before it is sent (no pop-ups: the 长辈版 rule): the question, which
 * names what changes and whom it touches, anything the action needs (a reason to write), the button
 * that does it and one that cancels.
 */
export function ConfirmStep({
  label,
  question,
  action,
  busy,
  ready = true,
  onConfirm,
  onCancel,
  children,
}: {
  /** The name of the group, as the button that opened it says it. */
  label: string;
  question: ReactNode;
  /** The words of the button that does it, e.g. 确定任命. */
  action: string;
  busy: boolean;
  /** False while the action cannot be sent yet (no reason written). */
  ready?: boolean | undefined;
  onConfirm: () => void;
  onCancel: () => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="confirm" role="group" aria-label={label}>
      <p>{question}</p>
      {children}
      <div className="row-actions">
        <button type="button" className="btn btn-strong" disabled={busy || !ready} onClick={onConfirm}>
          {action}
        </button>
        <button type="button" className="btn btn-quiet" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}

/** Who is looking at a proposal (an appointment, a change of settings): what the server will let them do with it. */
export interface Viewer {
  userId: number;
  /** May approve or refuse others' proposals: a supervisor (for appointments, a platform administrator too). */
  canDecide: boolean;
  /** May withdraw a pending proposal: staff (for settings, a platform administrator too). */
  canWithdraw: boolean;
}

/** One thing the viewer may do with a proposal, and how it is asked again. */
export interface Choice<A extends string> {
  action: A;
  /** The button's words; also the name of its question's group. */
  label: string;
  question: ReactNode;
  /** The words of the button that does it. */
  confirm: string;
  /** The main choice, drawn strong (confirm, approve). */
  strong?: boolean;
  /** What it needs besides, shown under the question (a reason to write). */
  extra?: ReactNode;
  ready?: boolean;
}

/**
 * The viewer's choices on a proposal (an appointment, a correction, a change of settings), one button
 * each; the one chosen asks again in place (ConfirmStep) before `onConfirm` sends it. The card keeps
 * which is being asked, to close it once the action is done.
 */
export function Choices<A extends string>({
  choices,
  asking,
  onAsk,
  busy,
  onConfirm,
}: {
  choices: readonly Choice<A>[];
  asking: A | null;
  onAsk: (action: A | null) => void;
  busy: boolean;
  onConfirm: (action: A) => void;
}) {
  const chosen = choices.find((c) => c.action === asking);
  return (
    <>
      {choices.length > 0 ? (
        <div className="row-actions">
          {choices.map((c) => (
            <button
              key={c.action}
              type="button"
              className={c.strong ? 'btn btn-strong' : 'btn'}
              aria-expanded={asking === c.action}
              onClick={() => onAsk(asking === c.action ? null : c.action)}
            >
              {c.label}
            </button>
          ))}
        </div>
      ) : null}
      {chosen ? (
        <ConfirmStep
          label={chosen.label}
          question={chosen.question}
          action={chosen.confirm}
          busy={busy}
          ready={chosen.ready}
          onConfirm={() => onConfirm(chosen.action)}
          onCancel={() => onAsk(null)}
        >
          {chosen.extra}
        </ConfirmStep>
      ) : null}
    </>
  );
}
