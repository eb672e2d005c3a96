import type { DemoContext } from '../../platform/module.ts';
import { systemContext } from '../../platform/context.ts';
import { addSubAccount, ensureSubAccount, postEntries, postEntry, reverseEntry, type EntryKind, type PartyInput } from './ledger.service.ts';
import { proposeExpense } from './ledger.work.service.ts';

const DAY = 24 * 3600_000;

/** A small deterministic generator, so every demo install shows the same year. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

/**
 * A year of 南湖社区's fund ending now: sale margins, a troupe's performance shares, donations
 * (some anonymous), a ¥50,000 foundation grant, the ¥4,000 tuition donation, street operating
 * grants paid on to organisations, elderly care and upkeep, two corrections, and expenses waiting
 * for approval.
 */
export async function ledgerDemoStep({ deps, tx, community, people }: DemoContext): Promise<void> {
  const t0 = Date.now();
  try {
    await demo({ deps, tx, community, people });
  } finally {
    if (process.env.LEDGER_DEMO_TIMING) console.log(`ledger demo step: ${Date.now() - t0} ms`);
  }
}

async function demo({ deps, tx, community, people }: DemoContext): Promise<void> {
  const id = community.id;
  const rand = random(20_171_105);
  const now = Date.now();
  const start = now - 365 * DAY;
  const at = (day: number, hour = 10) => new Date(start + day * DAY + hour * 3600_000);
  const entries: { day: number; kind: EntryKind; memo: string; postings: [string, number][]; party?: PartyInput; source?: { type: string; id: string } }[] = [];
  const person = (name: string, showName = false): PartyInput => ({ name, isPerson: true, showName });
  const org = (name: string): PartyInput => ({ name, isPerson: false, showName: true });

  const maker1 = await ensureSubAccount(
    tx,
    id,
    'maker_payable',
    people.maker!.userId,
    {
      zh: `手艺人 ${people.maker!.name}`,
      en: `Maker ${people.maker!.userId}`,
    },
    { userId: people.maker!.userId },
  );
  const maker2 = await ensureSubAccount(
    tx,
    id,
    'maker_payable',
    people.maker2!.userId,
    {
      zh: `手艺人 ${people.maker2!.name}`,
      en: `Maker ${people.maker2!.userId}`,
    },
    { userId: people.maker2!.userId },
  );
  const troupe = await ensureSubAccount(tx, id, 'org_payable', 'troupe', { zh: '南湖艺术团', en: 'Nanhu art troupe' });
  const project = await addSubAccount(tx, id, {
    parent: 'income:foundation',
    slug: 'neighbours',
    nameZh: '“邻里守望”基金会项目',
    nameEn: 'Neighbours foundation project',
  });

  // The shop: sales most days, paid out to the makers monthly.
  const goods: [string, number, string][] = [
    ['竹编果篮', 15_000, maker1],
    ['手工布鞋', 12_000, maker1],
    ['川绣香囊', 4_000, maker2],
    ['手写春联', 5_000, maker2],
    ['麻花（一斤）', 2_500, maker1],
  ];
  let order = 1000;
  const owed = new Map<string, number>();
  for (let day = 3; day < 365; day += 1 + Math.floor(rand() * 3)) {
    const [title, price, maker] = goods[Math.floor(rand() * goods.length)]!;
    const qty = 1 + Math.floor(rand() * 3);
    const total = price * qty;
    const margin = Math.floor(total / 5);
    const channel = rand() < 0.6 ? 'clearing' : 'cash';
    order += 1;
    entries.push({
      day,
      kind: 'sale',
      memo: `${title} ×${qty}`,
      postings: [
        [channel, total],
        [maker, -(total - margin)],
        ['income:sale_margin', -margin],
      ],
      source: { type: 'order', id: String(order) },
    });
    owed.set(maker, (owed.get(maker) ?? 0) + total - margin);
    if (channel === 'clearing')
      entries.push({
        day: day + 1,
        kind: 'income',
        memo: `扫码收款到账（订单 ${order}）`,
        postings: [
          ['bank', total],
          ['clearing', -total],
        ],
        source: { type: 'order', id: String(order) },
      });
    if (day % 30 < 3 && owed.size > 0) {
      for (const [code, fen] of owed)
        entries.push({
          day: day + 1,
          kind: 'payout',
          memo: '手艺人月度结算',
          postings: [
            [code, fen],
            ['bank', -fen],
          ],
          source: { type: 'payout', id: `${code.split(':')[1]}-${day}` },
        });
      owed.clear();
    }
  }
  // The troupe's performances: about half of each fee to the fund.
  for (const [day, fee, what] of [
    [40, 300_000, '重阳文艺汇演'],
    [120, 160_000, '企业年会演出'],
    [200, 240_000, '社区公益晚会'],
    [300, 180_000, '商场开业演出'],
  ] as const) {
    entries.push({
      day,
      kind: 'performance',
      memo: `南湖艺术团${what}演出费`,
      postings: [
        ['bank', fee],
        [troupe, -(fee - fee / 2)],
        ['income:performance_share', -fee / 2],
      ],
      party: org('南湖艺术团'),
    });
    entries.push({
      day: day + 5,
      kind: 'payout',
      memo: '支付南湖艺术团演出分成',
      postings: [
        [troupe, fee / 2],
        ['bank', -fee / 2],
      ],
      party: org('南湖艺术团'),
    });
  }
  // Donations, some anonymous; the calligraphy teacher's tuition; grants.
  const donors: [PartyInput | null, number][] = [
    [person('刘德华'), 20_000],
    [null, 5_000],
    [person('陈美玲', true), 100_000],
    [null, 8_800],
    [org('重庆某物业公司'), 300_000],
    [person('杨建军'), 66_600],
    [null, 2_000],
    [person('何晓燕'), 50_000],
  ];
  donors.forEach(([party, fen], i) =>
    entries.push({
      day: 20 + i * 42,
      kind: 'income',
      memo: party ? '爱心捐赠' : '匿名捐赠',
      postings: [
        [i % 2 ? 'cash' : 'bank', fen],
        ['income:donation', -fen],
      ],
      party: party ?? org('匿名'),
    }),
  );
  entries.push({
    day: 95,
    kind: 'income',
    memo: '书法班学费全数捐赠（21 名学员）',
    postings: [
      ['bank', 400_000],
      ['income:tuition', -400_000],
    ],
    party: person('周老师'),
  });
  entries.push({
    day: 60,
    kind: 'grant',
    memo: '“邻里守望”基金会项目拨款',
    postings: [
      ['bank', 5_000_000],
      [project, -5_000_000],
    ],
    party: org('重庆市某公益基金会'),
    source: { type: 'contract', id: 'JJH-2025-031' },
  });
  entries.push({
    day: 150,
    kind: 'grant',
    memo: '政府购买居家养老服务（上半年）',
    postings: [
      ['bank', 2_400_000],
      ['income:government', -2_400_000],
    ],
    party: org('南岸区民政局'),
  });
  entries.push({
    day: 180,
    kind: 'grant',
    memo: '街道社会组织运行经费（年度考核后拨付）',
    postings: [
      ['bank', 1_600_000],
      ['income:street_grant', -1_600_000],
    ],
    party: org('南坪街道办事处'),
  });
  // Operating grants of ¥300–500 passed on to organisations after the assessment.
  [
    ['南湖艺术团', 50_000],
    ['夕阳红志愿服务队', 40_000],
    ['巧手编织社', 30_000],
    ['邻里调解队', 30_000],
    ['书画协会', 40_000],
  ].forEach(([name, fen], i) =>
    entries.push({
      day: 185 + i,
      kind: 'expense',
      memo: '社会组织年度运行经费',
      postings: [
        ['expense:org_grant', fen as number],
        ['bank', -(fen as number)],
      ],
      party: org(name as string),
    }),
  );
  // Uses: elderly care monthly, upkeep, health, education, hardship, volunteers.
  for (let m = 0; m < 12; m++) {
    const fen = 180_000 + Math.floor(rand() * 40) * 1000;
    entries.push({
      day: 15 + m * 30,
      kind: 'expense',
      memo: '九九驿站老人助餐补贴',
      postings: [
        ['expense:elderly_care', fen],
        ['bank', -fen],
      ],
      party: org('九九驿站'),
    });
  }
  entries.push({
    day: 70,
    kind: 'expense',
    memo: '3 栋楼道照明更换',
    postings: [
      ['expense:upkeep', 86_000],
      ['bank', -86_000],
    ],
    party: org('重庆某电器维修部'),
  });
  entries.push({
    day: 210,
    kind: 'expense',
    memo: '小区健身器材维修',
    postings: [
      ['expense:upkeep', 125_000],
      ['bank', -125_000],
    ],
    party: org('重庆某体育器材公司'),
  });
  entries.push({
    day: 110,
    kind: 'expense',
    memo: '公益集市义诊耗材',
    postings: [
      ['expense:health', 32_000],
      ['cash', -32_000],
    ],
    party: org('南坪社区卫生服务中心'),
  });
  entries.push({
    day: 250,
    kind: 'expense',
    memo: '暑期儿童书法班用品',
    postings: [
      ['expense:education', 28_500],
      ['cash', -28_500],
    ],
  });
  entries.push({
    day: 330,
    kind: 'expense',
    memo: '困难家庭冬季慰问',
    postings: [
      ['expense:hardship', 120_000],
      ['bank', -120_000],
    ],
    party: person('困难户代表'),
  });
  entries.push({
    day: 280,
    kind: 'expense',
    memo: '志愿者服装与保险',
    postings: [
      ['expense:volunteer', 64_000],
      ['bank', -64_000],
    ],
    party: org('某保险公司'),
  });

  entries.sort((a, b) => a.day - b.day);
  const kept = entries.filter((e) => e.day < 364);
  const seqs = await postEntries(
    tx,
    id,
    kept.map((e) => ({
      kind: e.kind,
      memo: e.memo,
      source: e.source ?? null,
      party: e.party ?? null,
      at: at(e.day, 9 + Math.floor(rand() * 8)),
      postings: e.postings.map(([account, amountFen]) => ({ account, amountFen })),
    })),
  );
  const posted = kept.map((e, i) => ({ seq: seqs[i]!.seq, memo: e.memo }));

  // Two corrections, posted as staff, with their public notes.
  const staff = systemContext(deps, community, { userId: people.staff!.userId, displayName: people.staff!.name, isPlatformAdmin: false });
  const wrongUpkeep = posted.find((p) => p.memo === '3 栋楼道照明更换')!;
  await reverseEntry(tx, staff, wrongUpkeep.seq, '发票金额为 ¥680.00，原录入 ¥860.00 有误，冲销后重新入账');
  await postEntry(tx, id, {
    kind: 'expense',
    memo: '3 栋楼道照明更换（更正后）',
    source: null,
    party: org('重庆某电器维修部'),
    postings: [
      { account: 'expense:upkeep', amountFen: 68_000 },
      { account: 'bank', amountFen: -68_000 },
    ],
  });
  const wrongDonation = posted.find((p) => p.memo === '匿名捐赠')!;
  await reverseEntry(tx, staff, wrongDonation.seq, '该笔为重复录入，冲销');

  // Waiting for the supervisors.
  await proposeExpense(tx, staff, {
    purpose: 'expense:elderly_care',
    payee: org('九九驿站'),
    amountFen: 196_000,
    memo: '九九驿站老人助餐补贴（本月）',
    attachments: [],
  });
  await proposeExpense(tx, staff, {
    purpose: 'expense:upkeep',
    payee: org('重庆某防水工程公司'),
    amountFen: 860_000,
    memo: '7 栋屋顶防水维修（需两位监督员审批）',
    attachments: [],
  });
}
