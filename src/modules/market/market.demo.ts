import type { Actor } from '../../platform/context.ts';
import { systemContext } from '../../platform/context.ts';
import type { DemoContext } from '../../platform/module.ts';
import { createListingIn, moveStock } from './listings.service.ts';
import { createMakerIn } from './makers.service.ts';
import * as repo from './market.repository.ts';
import type { CreateListingInput } from './market.schemas.ts';
import { reserve, takePayment } from './orders.service.ts';

/** Days from today at a time of day, China time. */
function daysAhead(days: number, hour: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  d.setUTCHours(hour - 8, 0, 0, 0);
  return d.toISOString();
}

/**
 * 微益+ demo: makers 张秀兰 (knitting) and 周明德 (calligraphy), a maker listed for by staff, the
 * elders' art troupe and a volunteer barbers' team; ten listings across categories; a few orders.
 */
export async function marketDemoStep({ deps, tx, community, people }: DemoContext): Promise<void> {
  const staff: Actor = { userId: people.staff!.userId, displayName: people.staff!.name, isPlatformAdmin: false };
  const ctx = systemContext(deps, community, staff);
  const clerk: Actor = { userId: people.clerk!.userId, displayName: people.clerk!.name, isPlatformAdmin: false };

  const maker = (input: Parameters<typeof createMakerIn>[3]) => createMakerIn(tx, ctx, staff, input);
  const zhang = await maker({
    kind: 'person',
    name: '张秀兰',
    userId: people.maker!.userId,
    story: '退休纺织女工，织了三十年毛衣围巾。每卖出一条，三十元进社区公益基金。',
    crafts: '手工编织：围巾、帽子、杯垫',
    consentNote: '本人申请，工作人员协助登记（2026-01-05）',
  });
  const zhou = await maker({
    kind: 'person',
    name: '周明德',
    userId: people.maker2!.userId,
    story: '中学语文老师，退休后教社区孩子写毛笔字，学费捐给社区公益基金。',
    crafts: '书法条幅、春联、书法课',
    consentNote: '本人申请，工作人员协助登记（2026-01-06）',
  });
  const chen = await maker({
    kind: 'person',
    name: '陈桂芳',
    story: '八十岁的手艺人，纳千层底布鞋，由社区工作人员代为上架。',
    crafts: '千层底布鞋、竹编',
    consentNote: '本人及女儿签字同意代售（2026-01-10，纸质同意书存档）',
  });
  const troupe = await maker({
    kind: 'organisation',
    name: '南湖夕阳红艺术团',
    story: '社区老年艺术团，合唱、舞蹈、川剧清唱，演出费约一半捐给社区公益基金。',
    crafts: '演出',
    consentNote: '团长黄丽萍代表艺术团签字（2026-01-08）',
  });
  const barbers = await maker({
    kind: 'organisation',
    name: '南湖爱心理发志愿队',
    story: '每月公益集市为居民理发，收费仅为成本。',
    crafts: '理发',
    consentNote: '队长签字同意（2026-01-08）',
  });

  const listings: { input: CreateListingInput; stock?: number; slots?: [number, number][] }[] = [
    {
      input: {
        makerId: zhang.id,
        kind: 'good',
        title: '手工编织羊毛围巾',
        description: '纯羊毛，长 180 厘米，灰蓝色。',
        category: '手工编织',
        photos: [],
        makerTakeFen: 12000,
        marginFen: 3000,
      },
      stock: 6,
    },
    {
      input: {
        makerId: zhang.id,
        kind: 'good',
        title: '钩针婴儿毛线帽',
        description: '柔软棉线，适合 0–2 岁。',
        category: '手工编织',
        photos: [],
        makerTakeFen: 4000,
      },
      stock: 8,
    },
    {
      input: { makerId: zhang.id, kind: 'good', title: '手织棉线杯垫（四只装）', description: '', category: '手工编织', photos: [], makerTakeFen: 2000 },
      stock: 12,
    },
    {
      input: {
        makerId: zhou.id,
        kind: 'good',
        title: '书法条幅《宁静致远》',
        description: '宣纸，已装裱，100×35 厘米。',
        category: '书法字画',
        photos: [],
        makerTakeFen: 24000,
      },
      stock: 3,
    },
    {
      input: {
        makerId: zhou.id,
        kind: 'good',
        title: '手写春联（一副）',
        description: '可现场定制内容。',
        category: '书法字画',
        photos: [],
        makerTakeFen: 4800,
      },
      stock: 20,
    },
    {
      input: {
        makerId: zhou.id,
        kind: 'service',
        title: '书法体验课（一课时）',
        description: '周六上午，社区活动室，笔墨纸砚齐备。',
        category: '课程',
        photos: [],
        priceFen: 2500,
        marginFen: 500,
      },
      slots: [
        [5, 9],
        [12, 9],
      ],
    },
    {
      input: {
        makerId: chen.id,
        kind: 'good',
        title: '手工千层底布鞋',
        description: '纯棉布纳底，男女款，可预约尺码。',
        category: '手工布艺',
        photos: [],
        makerTakeFen: 9600,
      },
      stock: 4,
    },
    { input: { makerId: chen.id, kind: 'good', title: '竹编收纳篮', description: '', category: '手工布艺', photos: [], makerTakeFen: 3200 }, stock: 6 },
    {
      input: {
        makerId: troupe.id,
        kind: 'performance',
        title: '夕阳红艺术团演出（一场约 60 分钟）',
        description: '合唱、舞蹈、川剧清唱，适合社区活动与企业联欢。',
        category: '演出',
        photos: [],
        priceFen: 160000,
        fundSharePercent: 50,
      },
    },
    {
      input: {
        makerId: barbers.id,
        kind: 'service',
        title: '公益理发（集市日）',
        description: '每月公益集市，老人优先。',
        category: '生活服务',
        photos: [],
        priceFen: 1000,
        marginFen: 200,
      },
      slots: [[3, 9]],
    },
  ];
  const ids: number[] = [];
  for (const { input, stock, slots } of listings) {
    const listing = await createListingIn(tx, ctx, staff, { ...input, consentNote: input.consentNote ?? '按代售协议上架' });
    if (stock) await moveStock(ctx, listing.id, { kind: 'intake', quantity: stock, on: undefined, condition: '全新', note: '代售入库' }, tx, staff);
    for (const [days, hour] of slots ?? [])
      await repo.insertSlot(tx, {
        community_id: community.id,
        listing_id: listing.id,
        starts_at: new Date(daysAhead(days, hour)),
        ends_at: new Date(daysAhead(days, hour + 2)),
        capacity: 8,
      });
    await repo.updateListing(tx, community.id, listing.id, { state: 'on_sale' });
    ids.push(listing.id);
  }

  // A few orders: a scarf and couplets sold at the counter, a kiosk order waiting to be paid,
  // and an online order to collect.
  const sell = async (items: { listingId: number; quantity: number }[], payment: Parameters<typeof takePayment>[4]) => {
    const { order, lines } = await reserve(tx, ctx, clerk, {
      channel: 'counter',
      items,
      fulfilment: 'counter',
      deliveryAddress: null,
      note: null,
      buyerId: null,
      holdUntil: null,
    });
    await takePayment(tx, ctx, clerk, order, payment, 'completed', lines);
  };
  await sell([{ listingId: ids[0]!, quantity: 1 }], { method: 'cash', tenderedFen: 20000 });
  await sell([{ listingId: ids[4]!, quantity: 2 }], { method: 'qr', reference: 'WX4200002026' });
  await reserve(tx, ctx, clerk, {
    channel: 'kiosk',
    items: [{ listingId: ids[2]!, quantity: 1 }],
    fulfilment: 'pickup',
    deliveryAddress: null,
    note: null,
    buyerId: null,
    holdUntil: null, // the demo's examples wait until someone acts on them
  });
  const resident: Actor = { userId: people.resident!.userId, displayName: people.resident!.name, isPlatformAdmin: false };
  await reserve(tx, ctx, resident, {
    channel: 'online',
    items: [{ listingId: ids[1]!, quantity: 1 }],
    fulfilment: 'pickup',
    deliveryAddress: null,
    note: '周六上午来取',
    buyerId: resident.userId,
    holdUntil: null,
  });
}
