import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../api.ts';
import { ErrorNote, Field, Loading, Notice } from '../../../../components/ui.tsx';
import { FileUpload, formatDate, useAction, useLoad } from '../../../../components/work.tsx';
import { ATTACHMENT_TYPES, type UploadedFile } from '../../../../files.ts';
import { formatFen, newIdempotencyKey, parseYuan } from '../../../../money.ts';
import { Link } from '../../../../router.tsx';
import type { Role } from '../../../../session.tsx';
import { fundBase, fundWork, type Expense, type FundAccount } from '../../api.ts';

/** Four eyes: staff propose, a supervisor who did not propose approves (two above the threshold), staff pay. */
export function Expenses({ slug, accounts, myId, roles }: { slug: string; accounts: FundAccount[]; myId: number; roles: Role[] }) {
  const { t } = useTranslation('ledger');
  const list = useLoad(() => fundWork.expenses(slug), [slug]);
  const [proposing, setProposing] = useState(false);
  const isStaff = roles.includes('staff');
  const groups = (['proposed', 'approved', 'paid', 'rejected'] as const).map((status) => ({
    status,
    items: list.data?.expenses.filter((e) => e.status === status) ?? [],
  }));
  return (
    <>
      {isStaff ? (
        proposing ? (
          <Propose
            slug={slug}
            accounts={accounts}
            onDone={() => {
              setProposing(false);
              void list.reload();
            }}
            onCancel={() => setProposing(false)}
          />
        ) : (
          <button type="button" className="btn btn-primary" onClick={() => setProposing(true)} data-testid="propose-expense">
            {t('work.fund.propose')}
          </button>
        )
      ) : null}
      <ErrorNote error={list.error} />
      {!list.loaded && !list.error ? <Loading /> : null}
      {groups.map((g) => (
        <section key={g.status} aria-labelledby={`exp-${g.status}`}>
          <h2 id={`exp-${g.status}`}>
            {t(`work.fund.groups.${g.status}`)} <span className="count">({g.items.length})</span>
          </h2>
          {g.items.length === 0 ? <p className="muted">{t('work.fund.noneHere')}</p> : null}
          <ul className="list">
            {g.items.slice(0, g.status === 'paid' || g.status === 'rejected' ? 10 : 100).map((e) => (
              <ExpenseCard key={e.id} slug={slug} expense={e} myId={myId} roles={roles} onDone={() => void list.reload()} />
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

function ExpenseCard({ slug, expense, myId, roles, onDone }: { slug: string; expense: Expense; myId: number; roles: Role[]; onDone: () => void }) {
  const { t } = useTranslation('ledger');
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [from, setFrom] = useState<'bank' | 'cash'>('bank');
  const [key, setKey] = useState(newIdempotencyKey);
  const { busy, error, run } = useAction();
  const mine = expense.proposedBy.userId === myId;
  const approvedByMe = expense.approvals.some((a) => a.userId === myId);
  const canDecide = roles.includes('supervisor') && expense.status === 'proposed' && !mine && !approvedByMe;
  const canPay = roles.includes('staff') && expense.status === 'approved';
  const post = (path: string, body?: unknown, idempotencyKey?: string) =>
    void run(async () => {
      await api.post(`${fundBase(slug)}/expenses/${expense.id}/${path}`, body, idempotencyKey ? { idempotencyKey } : {});
      if (idempotencyKey) setKey(newIdempotencyKey());
      onDone();
    });
  return (
    <li className="card" data-testid="expense">
      <div className="row-between">
        <strong>{expense.memo}</strong>
        <span className="amount amount-out">{formatFen(expense.amountFen)}</span>
      </div>
      <p className="muted small">
        {expense.purposeName} · {t('work.fund.payee', { name: expense.payee })} ·{' '}
        {t('work.fund.proposedBy', { name: expense.proposedBy.name, date: formatDate(expense.proposedAt) })}
      </p>
      <p className="small" data-testid="approvals">
        {t('work.fund.approvals', { done: expense.approvals.length, needed: expense.requiredApprovals })}
        {expense.approvals.length > 0 ? `：${expense.approvals.map((a) => a.name).join('、')}` : ''}
      </p>
      {expense.attachments.length > 0 ? (
        <p className="small">
          {expense.attachments.map((a, i) => (
            <a key={a.sha256} href={a.url} target="_blank" rel="noreferrer" className="attachment-link">
              {t('fund.attachment', { n: i + 1 })}
            </a>
          ))}
        </p>
      ) : null}
      {expense.rejectReason ? <p className="note note-error">{t('work.fund.rejectedBecause', { reason: expense.rejectReason })}</p> : null}
      {expense.entrySeq ? (
        <p className="small">
          <Link to={`/c/${slug}/fund`}>{t('work.fund.paidAs', { seq: expense.entrySeq, from: expense.paidFrom ?? '' })}</Link>
        </p>
      ) : null}
      {expense.status === 'proposed' && mine ? (
        <p className="note note-info" data-testid="own-proposal">
          {t('work.fund.ownProposal')}
        </p>
      ) : null}
      {expense.status === 'proposed' && approvedByMe ? <p className="note note-info">{t('work.fund.youApproved')}</p> : null}
      {canDecide ? (
        rejecting ? (
          <>
            <Field label={t('work.reason')}>
              <textarea rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
            </Field>
            <div className="row-actions">
              <button type="button" className="btn" disabled={busy || !reason.trim()} onClick={() => post('reject', { reason: reason.trim() })}>
                {t('work.rejectWithReason')}
              </button>
              <button type="button" className="btn btn-quiet" onClick={() => setRejecting(false)}>
                {t('common.cancel')}
              </button>
            </div>
          </>
        ) : (
          <div className="row-actions">
            <button type="button" className="btn btn-strong" disabled={busy} onClick={() => post('approve')}>
              {t('work.approve')}
            </button>
            <button type="button" className="btn" onClick={() => setRejecting(true)}>
              {t('work.reject')}
            </button>
          </div>
        )
      ) : null}
      {canPay ? (
        <div className="row-actions">
          <label className="check">
            <input type="radio" name={`from-${expense.id}`} checked={from === 'bank'} onChange={() => setFrom('bank')} />
            {t('work.fund.fromBank')}
          </label>
          <label className="check">
            <input type="radio" name={`from-${expense.id}`} checked={from === 'cash'} onChange={() => setFrom('cash')} />
            {t('work.fund.fromCash')}
          </label>
          <button type="button" className="btn btn-strong" disabled={busy} onClick={() => post('pay', { from }, key)}>
            {t('work.fund.pay', { amount: formatFen(expense.amountFen) })}
          </button>
        </div>
      ) : null}
      <ErrorNote error={error} />
    </li>
  );
}

function Propose({ slug, accounts, onDone, onCancel }: { slug: string; accounts: FundAccount[]; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation('ledger');
  const purposes = accounts.filter((a) => a.code.startsWith('expense:'));
  const [purpose, setPurpose] = useState('');
  const [payee, setPayee] = useState('');
  const [isPerson, setIsPerson] = useState(false);
  const [showName, setShowName] = useState(false);
  const [amount, setAmount] = useState('');
  const [memo, setMemo] = useState('');
  const [files, setFiles] = useState<UploadedFile[]>([]);
  const [done, setDone] = useState(false);
  const { busy, error, setError, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const amountFen = parseYuan(amount);
    if (!amountFen) {
      setError(new Error(t('work.badAmount')));
      return;
    }
    void run(async () => {
      await api.post(`${fundBase(slug)}/expenses`, {
        purpose: purpose || purposes[0]?.code,
        payee: { name: payee.trim(), isPerson, showName: isPerson ? showName : true },
        amountFen,
        memo: memo.trim(),
        attachments: files.map((f) => f.sha256),
      });
      setDone(true);
      onDone();
    });
  };
  return (
    <section aria-labelledby="propose">
      <h2 id="propose">{t('work.fund.propose')}</h2>
      {done ? <Notice>{t('work.fund.proposed')}</Notice> : null}
      <form className="form" onSubmit={submit}>
        <Field label={t('fund.purpose')}>
          <select required value={purpose} onChange={(e) => setPurpose(e.target.value)}>
            {purposes.map((a) => (
              <option key={a.code} value={a.code}>
                {a.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('work.fund.payeeName')}>
          <input required maxLength={80} value={payee} onChange={(e) => setPayee(e.target.value)} />
        </Field>
        <label className="check">
          <input type="checkbox" checked={isPerson} onChange={(e) => setIsPerson(e.target.checked)} />
          {t('work.fund.isPerson')}
        </label>
        {isPerson ? (
          <label className="check">
            <input type="checkbox" checked={showName} onChange={(e) => setShowName(e.target.checked)} />
            {t('work.fund.showName')}
          </label>
        ) : null}
        <Field label={t('work.amountYuan')}>
          <input inputMode="decimal" required value={amount} onChange={(e) => setAmount(e.target.value)} data-testid="expense-amount" />
        </Field>
        <Field label={t('work.fund.expenseMemo')}>
          <input required maxLength={500} value={memo} onChange={(e) => setMemo(e.target.value)} />
        </Field>
        <FileUpload
          slug={slug}
          label={t('work.attachments')}
          hint={t('work.attachmentsHint')}
          accept={ATTACHMENT_TYPES}
          max={20}
          value={files}
          onChange={setFiles}
        />
        <ErrorNote error={error} />
        <button type="submit" className="btn btn-primary" disabled={busy || purposes.length === 0}>
          {t('work.fund.proposeAction')}
        </button>
        <button type="button" className="btn btn-quiet" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </form>
    </section>
  );
}
