import { Type, type Static } from 'typebox';
import type { Executor } from '../../database.ts';
import type { CommunityContext } from '../../platform/context.ts';
import type { ModuleDefinition } from '../../platform/module.ts';
import { transact } from '../../platform/db.ts';
import { AppError, type Language } from '../../platform/errors.ts';
import { formatFen } from '../../platform/money.ts';
import { maskName } from './ledger.chart.ts';
import { presentEntry } from './ledger.public.service.ts';
import { listPostings, selectEntries, type EntryRow } from './ledger.repository.ts';
import { getPersonAccounts } from './ledger.service.ts';
import { EntryOut, Slug } from './ledger.schemas.ts';

// The public page of an entry's source (a shop order, a maker's payouts, an expense): the
// entries that came from it, and what the module that owns the source may show about it. The
// ledger does not know the other modules' tables: each module that writes entries with a source
// type of its own declares a presenter for it in its definition (`ledgerSources`).

export const SourceParams = Type.Object({
  slug: Slug,
  type: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
  id: Type.String({ minLength: 1, maxLength: 100 }),
});
const DetailLine = Type.Object({
  label: Type.String(),
  value: Type.String(),
  href: Type.Optional(Type.String({ description: 'A public link for the value, e.g. an attachment' })),
});
const SourceDetail = Type.Object({ title: Type.String(), lines: Type.Array(DetailLine) });
export const SourceOut = Type.Object({
  source: Type.Object({ type: Type.String(), id: Type.String() }),
  label: Type.String(),
  entries: Type.Array(EntryOut, { description: 'Every public entry with this source, oldest first' }),
  detail: Type.Union([SourceDetail, Type.Null()], { description: 'What the owning module shows about the source; null when it shows nothing' }),
});
export type SourceDetailView = Static<typeof SourceDetail>;
export type SourceView = Static<typeof SourceOut>;

/** Reads what may be shown publicly about one source, or null (the source has no row, e.g. demo history). */
export type SourceDetailPresenter = (tx: Executor, communityId: number, id: string, language: Language) => Promise<SourceDetailView | null>;

/** A source type a module writes entries with: its name for people and, optionally, its public presenter. */
export interface SourceType {
  name: { zh: string; en: string };
  present?: SourceDetailPresenter;
}

declare module '../../platform/module.ts' {
  interface ModuleDefinition {
    /** Source types of the fund's entries this module writes (`source.type` → name and public presenter). */
    readonly ledgerSources?: Readonly<Record<string, SourceType>>;
  }
}

/** The source types the ledger itself writes (expenses, and the demo's synthetic history). */
const OWN_SOURCES: Record<string, SourceType> = {
  expense: { name: { zh: '支出申请', en: 'Expense' }, present: presentExpenseSource },
  order: { name: { zh: '订单', en: 'Order' } },
  payout: { name: { zh: '结算', en: 'Payout' } },
  contract: { name: { zh: '合同', en: 'Contract' } },
};

const sourceTypes = new WeakMap<readonly ModuleDefinition[], Map<string, SourceType>>();

/** Every source type of the installed modules, the ledger's own first; read once per module list. */
function sourceTypesOf(modules: readonly ModuleDefinition[]): Map<string, SourceType> {
  let types = sourceTypes.get(modules);
  if (!types) {
    types = new Map(Object.entries(OWN_SOURCES));
    for (const m of modules) for (const [type, spec] of Object.entries(m.ledgerSources ?? {})) types.set(type, spec);
    sourceTypes.set(modules, types);
  }
  return types;
}

/**
 * Whether an entry with this source belongs to a module's own records (an expense payment, a shop
 * order's sale or refund, a maker's payout): its name, or null. Such an entry is undone through
 * its module, which keeps its own state with the book; a fund correction would leave them apart
 * (a payout reversed in the book but still paid out is a take paid twice).
 */
export function owningSource(modules: readonly ModuleDefinition[], type: string | null): { zh: string; en: string } | null {
  if (type === null) return null;
  if (type === 'expense') return OWN_SOURCES.expense!.name;
  for (const m of modules) {
    const spec = m.ledgerSources?.[type];
    if (spec) return spec.name;
  }
  return null;
}

export function sourceLabel(modules: readonly ModuleDefinition[], type: string, id: string, language: Language): string {
  const name = sourceTypesOf(modules).get(type)?.name;
  return `${name ? (language === 'en' ? name.en : name.zh) : type} ${id}`;
}

/** The source page: 404 when no entry of this community has that source. */
export async function getSource(ctx: CommunityContext, type: string, id: string): Promise<SourceView> {
  const communityId = ctx.community.id;
  return transact(ctx.deps.db, { communityId }, async (db) => {
    const rows = await listEntriesBySource(db, communityId, type, id);
    if (rows.length === 0) throw new AppError('NOT_FOUND', { what: 'source', whatZh: '来源' });
    const postings = await listPostings(
      db,
      communityId,
      rows.map((r) => r.seq),
    );
    const people = await getPersonAccounts(db, communityId);
    const present = sourceTypesOf(ctx.deps.modules).get(type)?.present;
    return {
      source: { type, id },
      label: sourceLabel(ctx.deps.modules, type, id, ctx.language),
      entries: rows.map((r) =>
        presentEntry(
          ctx.community.slug,
          ctx.language,
          r,
          postings.filter((p) => p.seq === r.seq),
          people,
        ),
      ),
      detail: present ? await present(db, communityId, id, ctx.language) : null,
    };
  });
}

// --- queries (on ledger_entries_source, migrations/0120_ledger_sources.sql)

async function listEntriesBySource(db: Executor, communityId: number, type: string, id: string): Promise<EntryRow[]> {
  return selectEntries(db, communityId).where('e.source_type', '=', type).where('e.source_id', '=', id).orderBy('e.seq', 'asc').execute();
}

async function getPaidExpense(db: Executor, communityId: number, id: number) {
  return db
    .selectFrom('ledger_expenses as x')
    .innerJoin('ledger_accounts as a', (j) => j.onRef('a.community_id', '=', 'x.community_id').onRef('a.code', '=', 'x.purpose'))
    .select(['x.memo', 'x.payee', 'x.payee_is_person', 'x.payee_name_public', 'x.amount_fen', 'x.attachments', 'x.paid_from', 'x.paid_at', 'x.proposed_at'])
    .select(['a.name_zh', 'a.name_en'])
    .select((eb) =>
      eb
        .selectFrom('ledger_expense_approvals as ap')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('ap.community_id', '=', 'x.community_id')
        .whereRef('ap.expense_id', '=', 'x.id')
        .as('approvals'),
    )
    .where('x.community_id', '=', communityId)
    .where('x.id', '=', id)
    .where('x.status', '=', 'paid')
    .executeTakeFirst();
}

// --- the ledger's own source: an expense

const dateOf = (at: Date, language: Language) =>
  new Intl.DateTimeFormat(language, { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

/** Purpose, payee (a person masked unless they agreed), amount, roles that proposed, approved and paid it (never names), attachments. */
async function presentExpenseSource(db: Executor, communityId: number, id: string, language: Language): Promise<SourceDetailView | null> {
  if (!/^[1-9][0-9]{0,15}$/.test(id) || !Number.isSafeInteger(Number(id))) return null;
  const x = await getPaidExpense(db, communityId, Number(id));
  if (!x) return null;
  const en = language === 'en';
  const payee = x.payee_is_person && !x.payee_name_public ? maskName(x.payee) : x.payee;
  const approvals = Number(x.approvals ?? 0);
  const from = x.paid_from === 'bank' ? (en ? 'bank' : '银行') : en ? 'cash' : '现金';
  return {
    title: en ? `Expense ${id}` : `支出申请 ${id}`,
    lines: [
      { label: en ? 'Purpose' : '用途', value: en ? x.name_en : x.name_zh },
      { label: en ? 'What for' : '说明', value: x.memo },
      { label: en ? 'Payee' : '收款方', value: payee },
      { label: en ? 'Amount' : '金额', value: formatFen(x.amount_fen) },
      { label: en ? 'Proposed by' : '提出', value: `${en ? 'community staff' : '社区工作人员'} · ${dateOf(x.proposed_at, language)}` },
      { label: en ? 'Approved by' : '审批', value: en ? `${approvals} supervisor${approvals === 1 ? '' : 's'}` : `居务监督 ${approvals} 人` },
      ...(x.paid_at ? [{ label: en ? 'Paid' : '支付', value: `${en ? 'community staff' : '社区工作人员'}, ${from} · ${dateOf(x.paid_at, language)}` }] : []),
      ...x.attachments.map((sha256, i) => ({
        label: en ? `Attachment ${i + 1}` : `附件 ${i + 1}`,
        value: `${sha256.slice(0, 12)}…`,
        href: `/files/${sha256}`,
      })),
    ],
  };
}
