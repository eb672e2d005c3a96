import type { DemoContext } from '../../seed.ts';

/** A year of the demo community's fund (filled in below). */
export async function ledgerDemoStep(_ctx: DemoContext): Promise<void> {}
