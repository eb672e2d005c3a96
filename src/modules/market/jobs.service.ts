import { requireRole, type CommunityContext } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { getMember, getPeople, recordAudit } from '../identity/index.ts';
import { proposeExpense } from '../ledger/index.ts';
import type { IdempotencyKey } from '../../platform/idempotency.ts';
import { idempotently, inCommunity } from './makers.service.ts';
import type { CreateShiftInput, CreateWorkerInput } from './market.schemas.ts';

// Shop jobs: residents employed in the shop, their shifts, and the wages proposed as fund
// expenses (purpose expense:shop_wages) through the ledger's four-eyes approval.

const WORKER = { zh: '店员', en: 'shop worker' };

/** A shift's wage: hourly wage × hours, rounded half up to the fen. */
export function wageFen(hourlyWageFen: number, minutes: number): number {
  return Math.floor((hourlyWageFen * minutes + 30) / 60);
}

export async function addWorker(ctx: CommunityContext, input: CreateWorkerInput) {
  const actor = requireRole(ctx, 'staff');
  return inCommunity(ctx, actor, async (tx) => {
    const member = await getMember(tx, ctx.community.id, input.userId);
    if (!member) throw notFound({ zh: '居民', en: 'member' });
    const row = await tx
      .insertInto('market_shop_workers')
      .values({ community_id: ctx.community.id, user_id: input.userId, job: input.job, hourly_wage_fen: input.hourlyWageFen })
      .onConflict((oc) => oc.columns(['community_id', 'user_id']).doUpdateSet({ job: input.job, hourly_wage_fen: input.hourlyWageFen, active: true }))
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, { action: 'market.worker_added', subjectType: 'shop_worker', subjectId: row.id, detail: { ...input } });
    return { id: row.id, userId: row.user_id, name: member.displayName, job: row.job, hourlyWageFen: row.hourly_wage_fen, active: row.active };
  });
}

export async function listWorkers(ctx: CommunityContext) {
  const actor = requireRole(ctx, 'staff', 'clerk');
  return inCommunity(ctx, actor, async (tx) => {
    const rows = await tx
      .selectFrom('market_shop_workers as w')
      .select(['w.id', 'w.user_id', 'w.job', 'w.hourly_wage_fen', 'w.active'])
      .where('w.community_id', '=', ctx.community.id)
      .orderBy('w.id')
      .execute();
    const people = await getPeople(
      tx,
      rows.map((r) => r.user_id),
    );
    return {
      workers: rows.map((r) => ({
        id: r.id,
        userId: r.user_id,
        name: people.get(r.user_id)?.displayName ?? '',
        job: r.job,
        hourlyWageFen: r.hourly_wage_fen,
        active: r.active,
      })),
    };
  });
}

export async function addShift(ctx: CommunityContext, input: CreateShiftInput) {
  const actor = requireRole(ctx, 'staff');
  return inCommunity(ctx, actor, async (tx) => {
    const worker = await tx
      .selectFrom('market_shop_workers')
      .selectAll()
      .where('community_id', '=', ctx.community.id)
      .where('id', '=', input.workerId)
      .executeTakeFirst();
    if (!worker) throw notFound(WORKER);
    const minutes = Math.round(input.hours * 60);
    const row = await tx
      .insertInto('market_shifts')
      .values({
        community_id: ctx.community.id,
        worker_id: worker.id,
        work_date: input.workDate,
        minutes,
        wage_fen: wageFen(worker.hourly_wage_fen, minutes),
        recorded_by: actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, { action: 'market.shift_recorded', subjectType: 'shop_shift', subjectId: row.id, detail: { ...input } });
    return (await shiftsIn(ctx, tx, { id: row.id }))[0]!;
  });
}

async function shiftsIn(ctx: CommunityContext, tx: Parameters<Parameters<typeof inCommunity>[2]>[0], filter: { id?: number; month?: string }) {
  let q = tx
    .selectFrom('market_shifts as s')
    .innerJoin('market_shop_workers as w', (j) => j.onRef('w.community_id', '=', 's.community_id').onRef('w.id', '=', 's.worker_id'))
    .select(['s.id', 's.worker_id', 'w.user_id', 's.work_date', 's.minutes', 's.wage_fen', 's.expense_id'])
    .where('s.community_id', '=', ctx.community.id);
  if (filter.id !== undefined) q = q.where('s.id', '=', filter.id);
  if (filter.month) q = q.where('s.work_date', '>=', `${filter.month}-01`).where('s.work_date', '<', nextMonth(filter.month));
  const rows = await q.orderBy('s.work_date').orderBy('s.id').execute();
  const people = await getPeople(
    tx,
    rows.map((r) => r.user_id),
  );
  return rows.map((r) => ({
    id: r.id,
    workerId: r.worker_id,
    name: people.get(r.user_id)?.displayName ?? '',
    workDate: r.work_date,
    hours: r.minutes / 60,
    wageFen: r.wage_fen,
    expenseId: r.expense_id,
  }));
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

export async function listShifts(ctx: CommunityContext, month: string) {
  const actor = requireRole(ctx, 'staff', 'clerk');
  return inCommunity(ctx, actor, async (tx) => ({ shifts: await shiftsIn(ctx, tx, { month }) }));
}

/**
 * Proposes one shop-wage expense per worker for a month's shifts not yet proposed; supervisors
 * approve in the ledger. The shifts are claimed under lock, so two runs at once make one set of
 * expenses (the second finds nothing left); a replay with the same Idempotency-Key answers the first.
 */
export function proposeWages(ctx: CommunityContext, month: string, idempotency: IdempotencyKey) {
  const actor = requireRole(ctx, 'staff');
  return idempotently(ctx, actor, idempotency, 201, async (tx) => {
    await tx
      .selectFrom('market_shifts')
      .select('id')
      .where('community_id', '=', ctx.community.id)
      .where('work_date', '>=', `${month}-01`)
      .where('work_date', '<', nextMonth(month))
      .where('expense_id', 'is', null)
      .forUpdate()
      .execute();
    const shifts = (await shiftsIn(ctx, tx, { month })).filter((s) => s.expenseId === null);
    if (shifts.length === 0) throw new AppError('NOTHING_TO_PAY_OUT');
    const byWorker = new Map<number, typeof shifts>();
    for (const s of shifts) byWorker.set(s.workerId, [...(byWorker.get(s.workerId) ?? []), s]);
    const expenses = [];
    for (const [workerId, list] of byWorker) {
      const amountFen = list.reduce((t, s) => t + s.wageFen, 0);
      const hours = list.reduce((t, s) => t + s.hours, 0);
      const expense = await proposeExpense(tx, ctx, {
        purpose: 'expense:shop_wages',
        payee: { name: list[0]!.name, isPerson: true, showName: false },
        amountFen,
        memo: `微益+ 店员工资 ${month}（${list.length} 个班次，共 ${hours} 小时）`,
        attachments: [],
      });
      await tx
        .updateTable('market_shifts')
        .set({ expense_id: expense.id })
        .where('community_id', '=', ctx.community.id)
        .where(
          'id',
          'in',
          list.map((s) => s.id),
        )
        .execute();
      expenses.push({ workerId, name: list[0]!.name, amountFen, shifts: list.length, expenseId: expense.id });
    }
    return { expenses };
  });
}
