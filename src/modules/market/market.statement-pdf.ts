// A maker's monthly statement as an A4 Chinese PDF: pure rendering, no database, so it can run in
// the PDF worker thread (platform/pdf.ts).
import { formatFen } from '../../platform/money.ts';
import { openA4, stampFooters } from '../../platform/pdf.ts';

export interface StatementPdfData {
  communityName: string;
  makerName: string;
  makerKind: 'person' | 'organisation';
  month: string;
  openingPendingFen: number;
  closingPendingFen: number;
  sales: { date: string; orderId: number; title: string; quantity: number; unitPriceFen: number; takeFen: number; fundFen: number }[];
  refunds: { date: string; orderId: number; amountFen: number; takeFen: number }[];
  payouts: { date: string; method: string; acknowledgedBy: string; acknowledgedRelation: string; amountFen: number }[];
  totals: { soldFen: number; salesTakeFen: number; fundFen: number; refundsTakeFen: number; payoutsFen: number };
  /** the day it was made, China time */
  generatedOn: string;
}

const METHOD_ZH: Record<string, string> = { cash: '现金', bank: '银行转账' };

function monthTitle(month: string): string {
  const [y, m] = month.split('-') as [string, string];
  return `${y}年${Number(m)}月`;
}

/** The statement: summary, every sale with its split, refunds, payouts with who signed, totals. */
export async function renderStatementPdf(data: StatementPdfData): Promise<Buffer> {
  const who = data.makerKind === 'organisation' ? '演出团队' : '手艺人';
  const { doc, done, left, width, bottom, line } = openA4({ title: `${data.communityName}微益+ ${who}月度对账单 ${data.makerName} ${data.month}` });

  /** A table: columns at x offsets, right-aligned where asked; a header repeated on each new page. */
  const table = (title: string, columns: { title: string; x: number; width: number; right?: boolean }[], rows: string[][], empty: string) => {
    if (doc.y + 60 > bottom()) doc.addPage();
    doc.moveDown(0.6).fontSize(12).text(title, left, doc.y);
    doc.moveDown(0.3);
    const cell = (text: string, c: (typeof columns)[number], y: number) =>
      doc.text(text, left + c.x, y, { width: c.width, align: c.right ? 'right' : 'left', lineBreak: false, ellipsis: true, height: 12 });
    const header = () => {
      const y = doc.y;
      doc.fontSize(8.5).fillColor('#333');
      for (const c of columns) cell(c.title, c, y);
      doc.fillColor('black');
      doc
        .moveTo(left, y + 12)
        .lineTo(left + width, y + 12)
        .lineWidth(0.5)
        .stroke();
      doc.y = y + 16;
    };
    if (rows.length === 0) {
      doc.fontSize(9).fillColor('#555').text(empty, left, doc.y);
      doc.fillColor('black');
      return;
    }
    header();
    for (const row of rows) {
      if (doc.y + 14 > bottom()) {
        doc.addPage();
        header();
      }
      const y = doc.y;
      doc.fontSize(8.5);
      row.forEach((text, i) => cell(text, columns[i]!, y));
      doc.y = y + 14;
    }
  };

  doc.fontSize(17).text(`${data.communityName}微益+ ${who}月度对账单`, { align: 'center' });
  doc
    .moveDown(0.2)
    .fontSize(12)
    .text(`${monthTitle(data.month)}（${data.month}）`, { align: 'center' });
  doc.moveDown(0.6).fontSize(10.5).text(`${who}：${data.makerName}`, left, doc.y, { width });
  doc.moveDown(0.6);
  line('期初待结算', formatFen(data.openingPendingFen), 11);
  line(`本月销售${who}所得`, formatFen(data.totals.salesTakeFen), 11);
  line(`本月退款扣回`, formatFen(-data.totals.refundsTakeFen), 11);
  line('本月已结算', formatFen(-data.totals.payoutsFen), 11);
  line('期末待结算', formatFen(data.closingPendingFen), 11);
  doc
    .fontSize(8.5)
    .fillColor('#555')
    .text(`期末待结算 = 期初待结算 + 本月销售${who}所得 − 本月退款扣回 − 本月已结算。待结算是社区代收、尚未付给${who}的款项。`, left, doc.y, { width });
  doc.fillColor('black');

  table(
    `销售明细（共 ${data.sales.length} 笔）`,
    [
      { title: '日期', x: 0, width: 62 },
      { title: '商品', x: 64, width: 170 },
      { title: '数量', x: 236, width: 34, right: true },
      { title: '单价', x: 272, width: 64, right: true },
      { title: `${who}所得`, x: 338, width: 80, right: true },
      { title: '进社区公益基金', x: 420, width: width - 420, right: true },
    ],
    data.sales.map((s) => [
      s.date,
      `${s.title}（订单 ${s.orderId}）`,
      String(s.quantity),
      formatFen(s.unitPriceFen),
      formatFen(s.takeFen),
      formatFen(s.fundFen),
    ]),
    '本月没有销售。',
  );
  table(
    `退款（共 ${data.refunds.length} 笔）`,
    [
      { title: '日期', x: 0, width: 62 },
      { title: '订单', x: 64, width: 170 },
      { title: '退给顾客', x: 272, width: 64, right: true },
      { title: `扣回${who}所得`, x: 338, width: 80, right: true },
    ],
    data.refunds.map((r) => [r.date, `订单 ${r.orderId}`, formatFen(r.amountFen), formatFen(-r.takeFen)]),
    '本月没有退款。',
  );
  table(
    `结算（共 ${data.payouts.length} 笔）`,
    [
      { title: '日期', x: 0, width: 62 },
      { title: '方式', x: 64, width: 70 },
      { title: '签收人', x: 136, width: 198 },
      { title: '金额', x: 338, width: 80, right: true },
    ],
    data.payouts.map((p) => [p.date, METHOD_ZH[p.method] ?? p.method, `${p.acknowledgedBy}（${p.acknowledgedRelation}）`, formatFen(p.amountFen)]),
    '本月没有结算。',
  );

  if (doc.y + 110 > bottom()) doc.addPage();
  doc.moveDown(0.8).fontSize(12).text('合计', left, doc.y);
  doc.moveDown(0.3);
  line('本月售出金额', formatFen(data.totals.soldFen));
  line(`其中${who}所得`, formatFen(data.totals.salesTakeFen));
  line('其中进社区公益基金', formatFen(data.totals.fundFen));
  line(`退款扣回${who}所得`, formatFen(data.totals.refundsTakeFen));
  line('已结算合计', formatFen(data.totals.payoutsFen));
  line('期末待结算', formatFen(data.closingPendingFen));

  stampFooters(doc, (page, pages) => `${data.communityName} · ${data.makerName} · ${data.month} · 第 ${page} / ${pages} 页 · 生成于 ${data.generatedOn}`);
  doc.end();
  return done;
}
