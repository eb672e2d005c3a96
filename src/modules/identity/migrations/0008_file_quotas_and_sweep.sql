-- Uploads are counted against quotas (per person and per community, platform/files.ts) and files
-- nothing refers to are deleted after a grace period (platform/files.sweep.ts).
create index files_uploaded_at on files (community_id, uploaded_at);
create index files_sha256 on files (sha256);

-- Whether any community still keeps a file with these bytes: the bytes on disk are stored once for
-- all of them, so the sweep removes them only when the last row is gone.
create function file_bytes_kept(s text) returns boolean language sql stable security definer
  set search_path = public as
  $$ select exists (select 1 from files where sha256 = s) $$;
