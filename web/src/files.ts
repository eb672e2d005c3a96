import { ApiError, ensureCsrf } from './api.ts';

export interface UploadedFile {
  sha256: string;
  mime: string;
  url: string;
  thumbnailUrl: string | null;
}

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const IMAGE_TYPES = 'image/jpeg,image/png,image/webp';
export const ATTACHMENT_TYPES = `${IMAGE_TYPES},application/pdf`;

/** Uploads one file (multipart field "file") to the community; the answer's sha256 goes into attachment lists. */
export async function uploadFile(slug: string, file: File): Promise<UploadedFile> {
  const form = new FormData();
  form.append('file', file, file.name);
  const res = await fetch(`/api/v1/communities/${encodeURIComponent(slug)}/files`, {
    method: 'POST',
    headers: { accept: 'application/json', 'x-csrf-token': await ensureCsrf() },
    credentials: 'same-origin',
    body: form,
  });
  if (!res.ok) {
    const problem = (await res.json().catch(() => ({}))) as { code?: string; message?: string; requestId?: string };
    throw new ApiError(res.status, problem.code ?? 'INTERNAL', problem.message ?? res.statusText, problem.requestId ?? null);
  }
  return (await res.json()) as UploadedFile;
}
