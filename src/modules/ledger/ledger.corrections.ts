import type { Tx } from '../../database.ts';
import { requireRole, type Actor, type CommunityContext } from '../../platform/context.ts';
import { transact } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { runIdempotent, type IdempotencyKey, type IdempotentResult } from '../../platform/idempotency.ts';
import { getPeople, listMemberIdsWithRole, recordAudit } from '../identity/index.ts';
import { notify } from '../notifications/index.ts';
import * as repo from './ledger.repository.ts';
import type { CorrectionsQueryInput, CorrectionView, ProposeCorrectionInput } from './ledger.schemas.ts';
import { reverseEntry } from './ledger.service.ts';
import { owningSource } from './ledger.sources.ts';

// Corrections of the fund's book, with four eyes like an expense: staff propose reversing an
// entry with a public note; a supervisor who did not propose it approves, which posts the
// reversal, or rejects it with a reason. Until then the entry stands. An entry a module owns (an
// expense payment, a sale, a refund, a payout) is not corrected here at all: it is undone through
// its module, which keeps its own records with the book.

const CORRECTION = { what: 'correction', whatZh: '更正' } as const;

/** A person acting for themselves: corrections are never proposed or decided on someone's behalf. */
function requireOwnActor(ctx: CommunityContext, role: 'staff' | 'supervisor'): Actor {
  const actor = requireRole(ctx, role);
  if (ctx.agent) throw new AppError('FORBIDDEN');
  return actor;
}

/** Why an entry cannot be corrected now, if it cannot. */
async function checkCorrectable(tx: Tx, ctx: CommunityContext, seq: number) {
  const entry = await repo.getEntry(tx, ctx.community.id, seq);
  if (!entry) throw new AppError('NOT_FOUND', { what: 'ledger entry', whatZh: '分录' });
  if (entry.reversed_by !== null) throw new AppError('ENTRY_ALREADY_REVERSED');
  const owner = owningSource(ctx.deps.modules, entry.source_type);
  if (owner) throw new AppError('ENTRY_OWNED', { source: owner.en, sourceZh: owner.zh });
  return entry;
}

/** Staff propose a correction; the supervisors are told. A replay with the same key answers the first. */
export async function proposeCorrection(ctx: CommunityContext, input: ProposeCorrectionInput, idempotency: IdempotencyKey): Promise<IdempotentResult> {
  const actor = requireOwnActor(ctx, 'staff');
  const communityId = ctx.community.id;
  return transact(ctx.deps.db, { communityId, userId: actor.userId }, (tx) =>
    runIdempotent(tx, { communityId, userId: actor.userId, idempotency, status: 201 }, async () => {
      const entry = await checkCorrectable(tx, ctx, input.seq);
      const row = await repo.insertCorrection(tx, { community_id: communityId, entry_seq: input.seq, note: input.note.trim(), proposed_by: actor.userId });
      if (!row) throw new AppError('CORRECTION_PENDING');
      await recordAudit(tx, ctx, {
        action: 'ledger.correction_proposed',
        subjectType: 'ledger_entry',
        subjectId: input.seq,
        detail: { correction: row.id, note: row.note },
      });
      const supervisors = (await listMemberIdsWithRole(tx, communityId, 'supervisor')).filter((id) => id !== actor.userId);
      await notify(tx, ctx.deps, {
        communityId,
        userIds: supervisors,
        topic: 'ledger.correction_to_approve',
        title: `待审批更正：第 ${input.seq} 号分录`,
        body: `${entry.memo}（${row.note}）`.slice(0, 200),
        link: `/c/${ctx.community.slug}/fund/work?tab=correct`,
        channels: ['wechat', 'sms'],
      });
      return (await present(tx, ctx, [row]))[0]!;
    }),
  );
}

/** A supervisor who did not propose it approves: the reversal is posted with the public note. */
export async function approveCorrection(ctx: CommunityContext, id: number): Promise<CorrectionView> {
  return decide(ctx, id, async (tx, row, actor) => {
    await checkCorrectable(tx, ctx, row.entry_seq);
    const posted = await reverseEntry(tx, ctx, row.entry_seq, row.note);
    await recordAudit(tx, ctx, {
      action: 'ledger.correction_approved',
      subjectType: 'ledger_entry',
      subjectId: row.entry_seq,
      detail: { correction: id, reversal: posted.seq },
    });
    return repo.decideCorrection(tx, ctx.community.id, id, { status: 'approved', decided_by: actor.userId, reversal_seq: posted.seq });
  });
}

/** …or rejects it with a reason: the entry stands. */
export async function rejectCorrection(ctx: CommunityContext, id: number, reason: string): Promise<CorrectionView> {
  return decide(ctx, id, async (tx, row, actor) => {
    await recordAudit(tx, ctx, {
      action: 'ledger.correction_rejected',
      subjectType: 'ledger_entry',
      subjectId: row.entry_seq,
      detail: { correction: id, reason },
    });
    return repo.decideCorrection(tx, ctx.community.id, id, { status: 'rejected', decided_by: actor.userId, reject_reason: reason.trim() });
  });
}

async function decide(
  ctx: CommunityContext,
  id: number,
  fn: (tx: Tx, row: repo.CorrectionRow, actor: Actor) => Promise<repo.CorrectionRow>,
): Promise<CorrectionView> {
  const actor = requireOwnActor(ctx, 'supervisor');
  const communityId = ctx.community.id;
  return transact(ctx.deps.db, { communityId, userId: actor.userId }, async (tx) => {
    const row = await repo.getCorrectionForUpdate(tx, communityId, id);
    if (!row) throw new AppError('NOT_FOUND', CORRECTION);
    if (row.proposed_by === actor.userId) throw new AppError('CORRECTION_SELF_APPROVAL');
    if (row.status !== 'proposed') throw new AppError('CORRECTION_DECIDED');
    const decided = await fn(tx, row, actor);
    await notify(tx, ctx.deps, {
      communityId,
      userIds: [row.proposed_by],
      topic: decided.status === 'approved' ? 'ledger.correction_approved' : 'ledger.correction_rejected',
      title: decided.status === 'approved' ? `更正已批准：第 ${row.entry_seq} 号分录` : `更正未批准：第 ${row.entry_seq} 号分录`,
      body: decided.reject_reason ?? row.note,
      link: `/c/${ctx.community.slug}/fund/work?tab=correct`,
      channels: ['wechat'],
    });
    return (await present(tx, ctx, [decided]))[0]!;
  });
}

/** Corrections, waiting ones by default, for staff and supervisors. */
export async function listCorrections(ctx: CommunityContext, query: CorrectionsQueryInput): Promise<{ corrections: CorrectionView[] }> {
  requireRole(ctx, 'staff', 'supervisor');
  return transact(ctx.deps.db, { communityId: ctx.community.id }, async (tx) => ({
    corrections: await present(tx, ctx, await repo.listCorrections(tx, ctx.community.id, { status: query.status ?? 'proposed', limit: query.limit })),
  }));
}

async function present(tx: Tx, ctx: CommunityContext, rows: repo.CorrectionRow[]): Promise<CorrectionView[]> {
  const people = await getPeople(
    tx,
    rows.flatMap((r) => [r.proposed_by, r.decided_by]),
  );
  const person = (id: number) => ({ userId: id, name: people.get(id)?.displayName ?? '' });
  // the entries a page of corrections names, and their postings: two queries, whatever the page's length
  const seqs = [...new Set(rows.map((r) => r.entry_seq))];
  const memos = new Map(
    seqs.length === 0 ? [] : (await repo.selectEntries(tx, ctx.community.id).where('e.seq', 'in', seqs).execute()).map((e) => [e.seq, e.memo] as const),
  );
  const moved = new Map<number, number>();
  for (const p of await repo.listPostings(tx, ctx.community.id, seqs)) moved.set(p.seq, Math.max(moved.get(p.seq) ?? 0, Math.abs(p.amount_fen)));
  const entries = new Map(seqs.map((seq) => [seq, { memo: memos.get(seq) ?? '', fen: moved.get(seq) ?? 0 }]));
  return rows.map((r) => ({
    id: r.id,
    entrySeq: r.entry_seq,
    entryMemo: entries.get(r.entry_seq)!.memo,
    entryFen: entries.get(r.entry_seq)!.fen,
    note: r.note,
    status: r.status,
    proposedBy: person(r.proposed_by),
    decidedBy: r.decided_by === null ? null : person(r.decided_by),
    decidedAt: r.decided_at?.toISOString() ?? null,
    rejectReason: r.reject_reason,
    reversalSeq: r.reversal_seq,
    createdAt: r.created_at.toISOString(),
  }));
}
