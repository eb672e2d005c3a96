import type { CodesOf, ErrorTable } from '../../platform/errors.ts';

export const MARKET_ERRORS = {
  LISTING_NOT_ON_SALE: { status: 409, zh: '商品“{title}”当前不在售', en: '“{title}” is not on sale' },
  OUT_OF_STOCK: { status: 409, zh: '“{title}”库存不足（剩 {available}）', en: 'Not enough “{title}” in stock ({available} left)' },
  MARGIN_EXCEEDS_PRICE: { status: 422, zh: '社区留存不能超过售价', en: 'The community margin cannot exceed the price' },
  ORDER_ALREADY_PAID: { status: 409, zh: '这个订单已经付过款', en: 'This order has already been paid' },
  REFUND_EXCEEDS_SALE: { status: 422, zh: '退款不能超过实付金额', en: 'A refund cannot exceed what was paid' },
  PAYMENT_PROVIDER_REFUSED: { status: 422, zh: '支付方式不可用', en: 'This payment method is not available' },
  NOTHING_TO_PAY_OUT: { status: 422, zh: '没有待结算的金额', en: 'There is nothing to pay out' },
  TOO_MANY_OPEN_ORDERS: {
    status: 409,
    zh: '您已有 {max} 个未付款的订单，请先付款或取消一个再下单',
    en: 'You already have {max} unpaid orders: pay for or cancel one first',
  },
  TOO_MANY_UNITS_HELD: {
    status: 409,
    zh: '未付款的订单最多占 {max} 件商品（您已占 {held} 件），请先付款或取消',
    en: 'Unpaid orders may hold at most {max} items ({held} held now): pay for or cancel one first',
  },
  CASH_UP_OWN: { status: 403, zh: '日结要由另一个人复核签字，不能自己签', en: 'A cash-up is countersigned by someone other than whoever closed it' },
  CASH_UP_CLOSED: { status: 409, zh: '今天已经日结', en: 'Today has already been cashed up' },
  CLOSE_OPEN_BUSINESS: {
    status: 409,
    zh: '您在本社区还有{what}：办完后才能注销账户',
    en: 'You still have {what} in this community: settle it before closing the account',
  },
} as const satisfies ErrorTable;

declare module '../../platform/errors.ts' {
  interface ErrorCodes extends CodesOf<typeof MARKET_ERRORS> {}
}
