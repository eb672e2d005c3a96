-- A cash-up is countersigned by someone other than whoever counted it (issue 11: every
-- countersignature is a second person). NOT VALID: a cash-up an older install let one person sign
-- twice stays as it was, for the record; every new signature is checked.
alter table market_cash_ups add constraint market_cash_ups_second_signer
  check (staff_id is null or staff_id <> clerk_id) not valid;
