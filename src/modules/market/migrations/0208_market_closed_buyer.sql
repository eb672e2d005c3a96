-- A buyer who closes their account (PIPL Art. 47) keeps their finished orders in the books, but not
-- the delivery address: only an order still to be delivered needs one.
alter table market_orders drop constraint market_orders_check4;
alter table market_orders add constraint market_orders_delivery_has_address
  check (fulfilment <> 'delivery' or delivery_address is not null or state in ('completed', 'cancelled', 'refunded'));
