-- Closing an account (PIPL Art. 47) removes the person's inbox in a community, with the record of
-- each delivery. The app may not delete either otherwise (the inbox is append-only but for
-- read_at); this one function does it, for one person in one community.
create function notifications_forget(c bigint, u bigint) returns void language sql security definer
  set search_path = public as
$$
  delete from notification_deliveries where community_id = c
    and notification_id in (select id from notifications where community_id = c and user_id = u);
  delete from notifications where community_id = c and user_id = u;
$$;
