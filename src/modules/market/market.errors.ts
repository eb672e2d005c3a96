import type { CodesOf, ErrorTable } from '../../platform/errors.ts';

export const MARKET_ERRORS = {
  LISTING_NOT_ON_SALE: { status: 409, zh: '商品“{title}”当前不在售', en: '“{title}” is not on sale' },
  OUT_OF_STOCK: { status: 409, zh: '“{title}”库存不足（剩 {available}）', en: 'Not enough “{title}” in stock ({available} left)' },
  MARGIN_EXCEEDS_PRICE: { status: 422, zh: '社区留存不能超过售价', en: 'The community margin cannot exceed the price' },
  ORDER_ALREADY_PAID: { status: 409, zh: '这个订单已经付过款', en: 'This order has already been paid' },
  REFUND_EXCEEDS_SALE: { status: 422, zh: '退款不能超过实付金额', en: 'A refund cannot exceed what was paid' },
  PAYMENT_PROVIDER_REFUSED: { status: 422, zh: '支付方式不可用', en: 'This payment method is not available' },
  NOTHING_TO_PAY_OUT: { status: 422, zh: '没有待结算的金额', en: 'There is nothing to pay out' },
  CASH_UP_OWN: { status: 403, zh: '日结要由另一个人复核签字，不能自己签', en: 'A cash-up is countersigned by someone other than whoever closed it' },
  CASH_UP_CLOSED: { status: 409, zh: '今天已经日结', en: 'Today has already been cashed up' },
} as const satisfies ErrorTable;

declare module '../../platform/errors.ts' {
  interface ErrorCodes extends CodesOf<typeof MARKET_ERRORS> {}
}
