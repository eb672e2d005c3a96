import type { Tx } from '../../database.ts';
import { requireRole, type Actor, type CommunityContext } from '../../platform/context.ts';
import { transact } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { runIdempotent, type IdempotencyKey, type IdempotentResult } from '../../platform/idempotency.ts';
import { formatFen, MAX_AMOUNT_FEN } from '../../platform/money.ts';
import { requireFiles } from '../../platform/files.ts';
import { getSettingsIn } from '../communities/index.ts';
import { getPeople, listMemberIdsWithRole, recordAudit } from '../identity/index.ts';
import { notify } from '../notifications/index.ts';
import { isUnder, maskName } from './ledger.chart.ts';
import * as repo from './ledger.repository.ts';
import type { AddAccountInput, ExpenseView, ProposeExpenseInput, RecordIncomeInput } from './ledger.schemas.ts';
import { addSubAccount, postEntry, publicParty, type EntryKind } from './ledger.service.ts';
import type { ExpenseStatus } from './ledger.tables.ts';

const EXPENSE = { what: 'expense', whatZh: '支出' } as const;

function checkAmount(fen: number) {
  if (!Number.isSafeInteger(fen)) throw new AppError('VALIDATION_FAILED', { detail: 'amountFen must be whole fen' });
  if (fen < 1 || fen > MAX_AMOUNT_FEN) throw new AppError('AMOUNT_OUT_OF_RANGE');
}

/** A person acting for themselves: approvals and payments are never done on someone's behalf. */
function requireOwnActor(ctx: CommunityContext, ...roles: Parameters<typeof requireRole>[1][]): Actor {
  const actor = requireRole(ctx, ...roles);
  if (ctx.agent) throw new AppError('FORBIDDEN');
  return actor;
}

const CHANNELS: Record<RecordIncomeInput['channel'], { account: string; kind: EntryKind }> = {
  donation: { account: 'income:donation', kind: 'income' },
  tuition: { account: 'income:tuition', kind: 'income' },
  government: { account: 'income:government', kind: 'grant' },
  foundation: { account: 'income:foundation', kind: 'grant' },
  street_grant: { account: 'income:street_grant', kind: 'grant' },
  performance_share: { account: 'income:performance_share', kind: 'performance' },
  other: { account: 'income:other', kind: 'income' },
};

/** Staff record money received: Dr cash|bank|clearing / Cr the channel (or a sub-account of it). */
export async function recordIncome(ctx: CommunityContext, input: RecordIncomeInput, idempotency: IdempotencyKey): Promise<IdempotentResult> {
  const actor = requireOwnActor(ctx, 'staff');
  checkAmount(input.amountFen);
  const channel = CHANNELS[input.channel];
  const account = input.account ?? channel.account;
  if (!isUnder(account, channel.account)) throw new AppError('VALIDATION_FAILED', { detail: `account must be ${channel.account} or one of its sub-accounts` });
  const communityId = ctx.community.id;
  return transact(ctx.deps.db, { communityId, userId: actor.userId }, (tx) =>
    runIdempotent(tx, { communityId, userId: actor.userId, idempotency, status: 201 }, async () => {
      await requireFiles(tx, communityId, input.attachments);
      const posted = await postEntry(tx, communityId, {
        kind: channel.kind,
        memo: input.memo,
        source: null,
        party: input.payer ?? (channel.kind === 'income' ? { name: '匿名', isPerson: false, showName: true } : null),
        attachments: input.attachments,
        postings: [
          { account: input.receivedInto, amountFen: input.amountFen },
          { account, amountFen: -input.amountFen },
        ],
      });
      await recordAudit(tx, ctx, {
        action: 'ledger.income_recorded',
        subjectType: 'ledger_entry',
        subjectId: posted.seq,
        // the payer's real name stays in the audit log for staff; the book carries the public form
        detail: { channel: input.channel, account, amountFen: input.amountFen, payer: input.payer?.name ?? null, anonymous: input.payer === null },
      });
      return { seq: posted.seq, hash: posted.hash };
    }),
  );
}

/**
 * Staff propose an expense inside the caller's transaction (the shop uses this for wages).
 * Above the community's threshold two supervisors must approve.
 */
export async function proposeExpense(tx: Tx, ctx: CommunityContext, input: ProposeExpenseInput): Promise<ExpenseView> {
  const actor = requireOwnActor(ctx, 'staff');
  checkAmount(input.amountFen);
  const communityId = ctx.community.id;
  if (!isUnder(input.purpose, 'expense') || input.purpose === 'expense') throw new AppError('ACCOUNT_NOT_FOUND', { code: input.purpose });
  const [purpose] = await repo.findAccounts(tx, communityId, [input.purpose]);
  if (!purpose) throw new AppError('ACCOUNT_NOT_FOUND', { code: input.purpose });
  await requireFiles(tx, communityId, input.attachments);
  // the threshold as stored now, not as this process cached it: another process may just have changed it
  const required = input.amountFen > (await getSettingsIn(tx, communityId)).expenseTwoApprovalsOverFen ? 2 : 1;
  const id = await repo.insertExpense(tx, {
    community_id: communityId,
    purpose: input.purpose,
    payee: input.payee.name.trim(),
    payee_is_person: input.payee.isPerson,
    payee_name_public: input.payee.showName,
    amount_fen: input.amountFen,
    memo: input.memo.trim(),
    attachments: [...new Set(input.attachments)],
    required_approvals: required,
    proposed_by: actor.userId,
  });
  await recordAudit(tx, ctx, {
    action: 'ledger.expense_proposed',
    subjectType: 'ledger_expense',
    subjectId: id,
    detail: { purpose: input.purpose, amountFen: input.amountFen, payee: input.payee.name, requiredApprovals: required },
  });
  // The supervisors learn of it at once: nobody moves the fund's money unseen.
  const supervisors = (await listMemberIdsWithRole(tx, communityId, 'supervisor')).filter((userId) => userId !== actor.userId);
  await notify(tx, ctx.deps, {
    communityId,
    userIds: supervisors,
    topic: 'ledger.expense_to_approve',
    title: `待审批支出：${purpose.name_zh} ${formatFen(input.amountFen)}`,
    body: `${input.memo.trim()}（收款方：${input.payee.isPerson && !input.payee.showName ? maskName(input.payee.name.trim()) : input.payee.name.trim()}）`,
    link: `/c/${ctx.community.slug}/fund/work`,
    channels: ['wechat', 'sms'],
  });
  return presentExpense(tx, ctx, (await repo.getExpense(tx, communityId, id))!);
}

export async function proposeExpenseRequest(ctx: CommunityContext, input: ProposeExpenseInput): Promise<ExpenseView> {
  const actor = requireOwnActor(ctx, 'staff');
  return transact(ctx.deps.db, { communityId: ctx.community.id, userId: actor.userId }, (tx) => proposeExpense(tx, ctx, input));
}

async function decide(ctx: CommunityContext, id: number, fn: (tx: Tx, expense: repo.ExpenseRow, actor: Actor) => Promise<void>): Promise<ExpenseView> {
  const actor = requireOwnActor(ctx, 'supervisor');
  const communityId = ctx.community.id;
  return transact(ctx.deps.db, { communityId, userId: actor.userId }, async (tx) => {
    const expense = await repo.getExpense(tx, communityId, id, { forUpdate: true });
    if (!expense) throw new AppError('NOT_FOUND', EXPENSE);
    if (expense.proposed_by === actor.userId) throw new AppError('EXPENSE_SELF_APPROVAL');
    if (expense.status !== 'proposed') throw new AppError('EXPENSE_ALREADY_DECIDED');
    await fn(tx, expense, actor);
    return presentExpense(tx, ctx, (await repo.getExpense(tx, communityId, id))!);
  });
}

/** A supervisor who did not propose it approves; with enough approvals it becomes payable. */
export async function approveExpense(ctx: CommunityContext, id: number): Promise<ExpenseView> {
  return decide(ctx, id, async (tx, expense, actor) => {
    if (expense.approvals.includes(actor.userId)) throw new AppError('EXPENSE_DUPLICATE_APPROVAL');
    await repo.insertApproval(tx, ctx.community.id, id, actor.userId);
    const approvals = expense.approvals.length + 1;
    if (approvals >= expense.required_approvals) {
      await repo.updateExpense(tx, ctx.community.id, id, { status: 'approved', decided_at: new Date() });
      await notify(tx, ctx.deps, {
        communityId: ctx.community.id,
        userIds: [expense.proposed_by],
        topic: 'ledger.expense_approved',
        title: `支出已批准，可以支付：${formatFen(expense.amount_fen)}`,
        body: expense.memo,
        link: `/c/${ctx.community.slug}/fund/work`,
        channels: ['wechat'],
      });
    }
    await recordAudit(tx, ctx, {
      action: 'ledger.expense_approved',
      subjectType: 'ledger_expense',
      subjectId: id,
      detail: { approvals, requiredApprovals: expense.required_approvals },
    });
  });
}

export async function rejectExpense(ctx: CommunityContext, id: number, reason: string): Promise<ExpenseView> {
  return decide(ctx, id, async (tx, expense, actor) => {
    await repo.updateExpense(tx, ctx.community.id, id, { status: 'rejected', rejected_by: actor.userId, reject_reason: reason.trim(), decided_at: new Date() });
    await notify(tx, ctx.deps, {
      communityId: ctx.community.id,
      userIds: [expense.proposed_by],
      topic: 'ledger.expense_rejected',
      title: `支出被驳回：${formatFen(expense.amount_fen)}`,
      body: `${expense.memo}。理由：${reason.trim()}`,
      link: `/c/${ctx.community.slug}/fund/work`,
      channels: ['wechat'],
    });
    await recordAudit(tx, ctx, { action: 'ledger.expense_rejected', subjectType: 'ledger_expense', subjectId: id, detail: { reason } });
  });
}

/** Staff pay an approved expense: Dr purpose / Cr cash|bank, posted and linked. */
export async function payExpense(ctx: CommunityContext, id: number, from: 'cash' | 'bank', idempotency: IdempotencyKey): Promise<IdempotentResult> {
  const actor = requireOwnActor(ctx, 'staff');
  const communityId = ctx.community.id;
  return transact(ctx.deps.db, { communityId, userId: actor.userId }, (tx) =>
    runIdempotent(tx, { communityId, userId: actor.userId, idempotency }, async () => {
      const expense = await repo.getExpense(tx, communityId, id, { forUpdate: true });
      if (!expense) throw new AppError('NOT_FOUND', EXPENSE);
      if (expense.status !== 'approved') throw new AppError('INVALID_STATE', { state: expense.status, stateZh: STATUS_ZH[expense.status] });
      const posted = await postEntry(tx, communityId, {
        kind: 'expense',
        memo: expense.memo,
        source: { type: 'expense', id: String(id) },
        party: { name: expense.payee, isPerson: expense.payee_is_person, showName: expense.payee_name_public },
        attachments: expense.attachments,
        postings: [
          { account: expense.purpose, amountFen: expense.amount_fen },
          { account: from, amountFen: -expense.amount_fen },
        ],
      });
      await repo.updateExpense(tx, communityId, id, { status: 'paid', paid_by: actor.userId, paid_at: new Date(), paid_from: from, entry_seq: posted.seq });
      await recordAudit(tx, ctx, { action: 'ledger.expense_paid', subjectType: 'ledger_expense', subjectId: id, detail: { from, entrySeq: posted.seq } });
      return presentExpense(tx, ctx, (await repo.getExpense(tx, communityId, id))!);
    }),
  );
}

const STATUS_ZH: Record<ExpenseStatus, string> = { proposed: '待审批', approved: '已批准', rejected: '已驳回', paid: '已支付' };

export async function listExpenses(ctx: CommunityContext, query: { status?: ExpenseStatus | undefined; limit: number; before?: number | undefined }) {
  const actor = requireRole(ctx, 'staff', 'supervisor');
  const communityId = ctx.community.id;
  return transact(ctx.deps.db, { communityId, userId: actor.userId }, async (tx) => {
    const rows = await repo.listExpenses(tx, communityId, { status: query.status, limit: query.limit, beforeId: query.before });
    const expenses: ExpenseView[] = [];
    for (const row of rows) expenses.push(await presentExpense(tx, ctx, row));
    return { expenses };
  });
}

export async function getExpense(ctx: CommunityContext, id: number): Promise<ExpenseView> {
  const actor = requireRole(ctx, 'staff', 'supervisor');
  const communityId = ctx.community.id;
  return transact(ctx.deps.db, { communityId, userId: actor.userId }, async (tx) => {
    const row = await repo.getExpense(tx, communityId, id);
    if (!row) throw new AppError('NOT_FOUND', EXPENSE);
    return presentExpense(tx, ctx, row);
  });
}

export async function addAccount(ctx: CommunityContext, input: AddAccountInput): Promise<{ code: string }> {
  const actor = requireOwnActor(ctx, 'staff');
  const communityId = ctx.community.id;
  return transact(ctx.deps.db, { communityId, userId: actor.userId }, async (tx) => {
    const code = await addSubAccount(tx, communityId, input);
    await recordAudit(tx, ctx, { action: 'ledger.account_added', subjectType: 'ledger_account', subjectId: code, detail: { nameZh: input.nameZh } });
    return { code };
  });
}

async function presentExpense(tx: Tx, ctx: CommunityContext, row: repo.ExpenseRow): Promise<ExpenseView> {
  const names = await getPeople(tx, [row.proposed_by, ...row.approvals]);
  const [purpose] = await repo.findAccounts(tx, ctx.community.id, [row.purpose]);
  const nameOf = (id: number) => names.get(id)?.displayName ?? String(id);
  return {
    id: row.id,
    purpose: row.purpose,
    purposeName: (ctx.language === 'en' ? purpose?.name_en : purpose?.name_zh) ?? row.purpose,
    payee: row.payee,
    amountFen: row.amount_fen,
    memo: row.memo,
    attachments: row.attachments.map((sha256) => ({ sha256, url: `/files/${sha256}` })),
    status: row.status,
    requiredApprovals: row.required_approvals,
    approvals: row.approvals.map((userId) => ({ userId, name: nameOf(userId) })),
    proposedBy: { userId: row.proposed_by, name: nameOf(row.proposed_by) },
    proposedAt: row.proposed_at.toISOString(),
    rejectReason: row.reject_reason,
    paidFrom: row.paid_from,
    entrySeq: row.entry_seq,
  };
}

export { publicParty };
