import type { CommunityContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';

export interface RenderedDocument {
  contentType: string;
  fileName: string;
  body: Buffer | string;
}

/** Placeholder until the 公示 renderer lands. */
export async function renderDisclosure(_ctx: CommunityContext, _file: string): Promise<RenderedDocument> {
  throw new AppError('ROUTE_NOT_FOUND');
}
