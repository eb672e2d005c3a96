// The 公示 PDF: pure rendering, no database, so it can run in a worker thread (ledger.pdf-worker.ts).
import QRCode from 'qrcode';
import { formatFen } from '../../platform/money.ts';
import { openA4, stampFooters } from '../../platform/pdf.ts';
import type { ChainEntry } from './ledger.chain.ts';
import type { DisclosureData } from './ledger.disclosure.ts';
import { chinaDateTime, type Period } from './ledger.periods.ts';

export const KIND_ZH: Record<string, string> = {
  sale: '销售',
  refund: '退款',
  payout: '结算',
  income: '收入',
  expense: '支出',
  performance: '演出分成',
  grant: '项目资助',
  correction: '更正',
  opening: '期初',
};

export function periodTitle(period: Period): string {
  const [y, rest] = period.label.split('-') as [string, string];
  return rest.startsWith('Q') ? `${y}年第${rest.slice(1)}季度` : `${y}年${Number(rest)}月`;
}

const signed = (fen: number) => (fen > 0 ? `+${formatFen(fen)}` : formatFen(fen));
const postingText = (e: ChainEntry, names: Map<string, string>) => e.postings.map((p) => `${names.get(p.account) ?? p.account} ${signed(p.fen)}`).join('；');

/** The A4 Chinese PDF: summary, totals per channel and purpose, every entry, head hash with QR code. */
export async function renderPdf(data: DisclosureData): Promise<Buffer> {
  const { doc, done, left, width, bottom, line } = openA4({ title: `${data.community.name}公益基金收支公示 ${data.period.label}` });

  doc.fontSize(17).text(`${data.community.name}公益基金收支公示`, { align: 'center' });
  doc
    .moveDown(0.2)
    .fontSize(12)
    .text(`${periodTitle(data.period)}（${data.period.firstDay} 至 ${data.period.lastDay}）`, { align: 'center' });
  doc.moveDown(0.6).fontSize(10).text(`公示期：${data.noticeFrom} 至 ${data.noticeTo}。如有疑问，请在公示期内联系：${data.contact}`, left, doc.y, { width });
  doc.moveDown(0.8);
  line('期初余额', formatFen(data.openingFen), 11);
  line('本期收入合计', formatFen(data.totals.incomeFen), 11);
  line('本期支出合计', formatFen(data.totals.expenseFen), 11);
  line('期末余额', formatFen(data.closingFen), 11);
  doc
    .fontSize(8.5)
    .fillColor('#555')
    .text('余额 = 现金 + 银行存款 + 支付清算。期末余额 − 期初余额 = 本期资金净流入（含代收代付手艺人、社会组织款项）。', left, doc.y, { width });
  doc.fillColor('black').moveDown(0.8);

  doc.fontSize(12).text('收入（按渠道）', left);
  doc.moveDown(0.3);
  for (const l of data.totals.incomeByChannel) line(l.name, formatFen(l.fen));
  doc.moveDown(0.5).fontSize(12).text('支出（按用途）', left);
  doc.moveDown(0.3);
  for (const l of data.totals.expenseByPurpose) line(l.name, formatFen(l.fen));

  // The head of the chain and a QR code to the online book at that point.
  const qr = await QRCode.toBuffer(data.url, { errorCorrectionLevel: 'M', margin: 1, width: 220 });
  if (doc.y + 130 > bottom()) doc.addPage();
  doc.moveDown(0.8);
  const qrTop = doc.y;
  doc.image(qr, left, qrTop, { width: 96 });
  doc.fontSize(10).text(`账本链头：第 ${data.head.seq} 号分录`, left + 110, qrTop, { width: width - 110 });
  doc.fontSize(8).text(`哈希 ${data.head.hash}`, left + 110, doc.y + 2, { width: width - 110 });
  doc
    .fontSize(8.5)
    .text(`扫码或访问 ${data.url} 查看并校验截至此处的完整账本（weiyi ledger verify 或网页“校验”按钮）。`, left + 110, doc.y + 4, { width: width - 110 });
  doc.y = Math.max(doc.y, qrTop + 100);

  // Every entry of the period.
  doc.addPage();
  doc.fontSize(12).text(`本期分录明细（共 ${data.entries.length} 笔）`, left);
  doc.moveDown(0.4);
  const cols = { seq: left, date: left + 40, kind: left + 118, memo: left + 166, party: left + 366, width: width };
  const header = () => {
    const y = doc.y;
    doc.fontSize(8.5).fillColor('#333');
    doc.text('序号', cols.seq, y, { lineBreak: false });
    doc.text('时间', cols.date, y, { lineBreak: false });
    doc.text('类型', cols.kind, y, { lineBreak: false });
    doc.text('摘要', cols.memo, y, { lineBreak: false });
    doc.text('对方', cols.party, y, { lineBreak: false });
    doc.fillColor('black');
    doc
      .moveTo(left, y + 12)
      .lineTo(left + width, y + 12)
      .lineWidth(0.5)
      .stroke();
    doc.y = y + 16;
  };
  header();
  for (const e of data.entries) {
    const detail = postingText(e, data.names);
    const note = e.correctionNote ? `更正说明（冲销第 ${e.reverses} 号）：${e.correctionNote}` : null;
    const needed = 24 + (note ? 11 : 0);
    if (doc.y + needed > bottom()) {
      doc.addPage();
      header();
    }
    const y = doc.y;
    doc.fontSize(8.5);
    doc.text(String(e.seq), cols.seq, y, { lineBreak: false });
    doc.text(chinaDateTime(new Date(e.at)), cols.date, y, { lineBreak: false });
    doc.text(KIND_ZH[e.kind] ?? e.kind, cols.kind, y, { lineBreak: false });
    doc.text(e.memo.slice(0, 34), cols.memo, y, { lineBreak: false });
    doc.text((e.party ?? '').slice(0, 16), cols.party, y, { lineBreak: false });
    doc
      .fontSize(7.5)
      .fillColor('#444')
      .text(detail.slice(0, 110), cols.date, y + 11, { lineBreak: false });
    if (note) doc.text(note.slice(0, 110), cols.date, y + 22, { lineBreak: false });
    doc.fillColor('black');
    doc.y = y + needed;
  }

  stampFooters(doc, (page, pages) => `${data.community.name} · ${data.period.label} · 第 ${page} / ${pages} 页 · 链头 ${data.head.hash.slice(0, 16)}…`);
  doc.end();
  return done;
}
