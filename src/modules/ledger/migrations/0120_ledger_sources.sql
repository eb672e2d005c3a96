-- The public source page (GET …/fund/sources/{type}/{id}) lists every entry of one source: a
-- shop order's sale and its refunds, a maker's payouts, a paid expense. Without this index that
-- read scans the community's whole book.
create index ledger_entries_source on ledger_entries (community_id, source_type, source_id);
