-- An unpaid order holds its stock and places only until hold_until (issue 11: stock is not hoarded
-- by orders nobody pays); a job releases it then. Null for orders paid as they were placed (the
-- counter) and for orders placed before holds existed.
alter table market_orders add column hold_until timestamptz;
-- a buyer's open orders, counted when they place another
create index market_orders_open_by_buyer on market_orders (community_id, buyer_id) where state = 'placed';
