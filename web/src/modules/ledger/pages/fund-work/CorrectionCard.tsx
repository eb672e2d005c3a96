import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../api.ts';
import { Choices } from '../../../../components/confirm.tsx';
import { ErrorNote, Field } from '../../../../components/ui.tsx';
import { formatDateTime, useAction } from '../../../../components/work.tsx';
import { formatFen } from '../../../../money.ts';
import { Link } from '../../../../router.tsx';
import { fundBase, type Correction } from '../../api.ts';

type Decision = 'approve' | 'reject';

/**
 * One correction: the entry, its amount, the public note, who proposed it and when; decided, who
 * decided and the reversal or the reason. A supervisor decides others' proposals after asking again
 * in place; the proposer is told why there is nothing to press.
 */
export function CorrectionCard({
  slug,
  correction: c,
  myId,
  canDecide,
  onDecided,
}: {
  slug: string;
  correction: Correction;
  myId: number;
  canDecide: boolean;
  onDecided: (message: string) => void;
}) {
  const { t, i18n } = useTranslation('ledger');
  const time = (iso: string) => formatDateTime(iso, i18n.language);
  const [asking, setAsking] = useState<Decision | null>(null);
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const waiting = c.status === 'proposed';
  const mine = c.proposedBy.userId === myId;
  const decide = (decision: Decision) =>
    void run(async () => {
      const body = decision === 'reject' ? { reason: reason.trim() } : undefined;
      const r = await api.post<Correction>(`${fundBase(slug)}/corrections/${c.id}/${decision}`, body);
      setAsking(null);
      onDecided(
        r.status === 'approved'
          ? t('work.fund.corrections.approvedNotice', { seq: r.entrySeq, reversal: r.reversalSeq ?? '' })
          : t('work.fund.corrections.rejectedNotice', { seq: r.entrySeq }),
      );
    });
  return (
    <li className="card" data-testid="correction" data-status={c.status}>
      <div className="row-between">
        <strong>
          #{c.entrySeq} {c.entryMemo}
        </strong>
        <span className="amount">{formatFen(c.entryFen)}</span>
      </div>
      <p>{t('work.fund.corrections.note', { note: c.note })}</p>
      <p className="muted small">{t('work.fund.corrections.proposedBy', { name: c.proposedBy.name, time: time(c.createdAt) })}</p>
      {c.decidedBy && c.decidedAt ? (
        <p className="small" data-testid="decided-by">
          {t(`work.fund.corrections.${c.status === 'approved' ? 'approvedBy' : 'rejectedBy'}`, { name: c.decidedBy.name, time: time(c.decidedAt) })}
        </p>
      ) : null}
      {c.rejectReason ? <p className="note note-error">{t('work.fund.rejectedBecause', { reason: c.rejectReason })}</p> : null}
      {c.reversalSeq ? (
        <p className="small">
          <Link to={`/c/${slug}/fund`}>{t('work.fund.corrections.reversal', { seq: c.reversalSeq })}</Link>
        </p>
      ) : null}
      {waiting && mine ? (
        <p className="note note-info" data-testid="own-proposal">
          {t('work.fund.corrections.ownProposal')}
        </p>
      ) : null}
      <Choices
        choices={(waiting && canDecide && !mine ? (['approve', 'reject'] as const) : []).map((decision) => ({
          action: decision,
          label: t(`work.${decision}`),
          question: t(`work.fund.corrections.${decision}Question`, { seq: c.entrySeq }),
          confirm: t(`work.fund.corrections.${decision}Action`),
          strong: decision === 'approve',
          ...(decision === 'reject'
            ? {
                extra: (
                  <Field label={t('work.reason')}>
                    <textarea rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
                  </Field>
                ),
                ready: Boolean(reason.trim()),
              }
            : {}),
        }))}
        asking={asking}
        onAsk={setAsking}
        busy={busy}
        onConfirm={decide}
      />
      <ErrorNote error={error} />
    </li>
  );
}
