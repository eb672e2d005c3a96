import type { Config } from '../../platform/config.ts';
import type { Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { ModuleDefinition } from '../../platform/module.ts';

/**
 * An online payment provider (WeChat Pay, Alipay…). `createPayment` starts a payment for an
 * order; `confirm` asks the provider whether it was paid. Real adapters live beside this one.
 */
export interface PaymentProvider {
  readonly name: string;
  createPayment(input: { communityId: number; orderId: number; amountFen: number; description: string }): Promise<{ reference: string; payUrl: string | null }>;
  confirm(reference: string): Promise<{ paid: boolean; amountFen: number | null }>;
}

/** For development and tests: every payment is confirmed at once. Refused in production. */
export class DevPaymentProvider implements PaymentProvider {
  readonly name = 'dev';
  private readonly amounts = new Map<string, number>();
  createPayment(input: { communityId: number; orderId: number; amountFen: number }) {
    const reference = `dev-${input.communityId}-${input.orderId}`;
    this.amounts.set(reference, input.amountFen);
    return Promise.resolve({ reference, payUrl: null });
  }
  confirm(reference: string) {
    return Promise.resolve({ paid: true, amountFen: this.amounts.get(reference) ?? null });
  }
}

declare module '../../platform/module.ts' {
  interface ModuleDefinition {
    /** Online payment providers this module offers the shop, made once per process from the config. */
    readonly paymentProviders?: (config: Config) => readonly PaymentProvider[];
  }
}

const made = new WeakMap<readonly ModuleDefinition[], Map<string, PaymentProvider>>();

/** The providers of the installed modules by name, made once per module list. */
function providersOf(modules: readonly ModuleDefinition[], config: Config): Map<string, PaymentProvider> {
  let providers = made.get(modules);
  if (!providers) {
    providers = new Map(modules.flatMap((m) => m.paymentProviders?.(config) ?? []).map((p) => [p.name, p]));
    made.set(modules, providers);
  }
  return providers;
}

/** The configured provider; the dev provider never runs in production. */
export function paymentProviderFor(deps: Pick<Deps, 'modules' | 'config'>): PaymentProvider {
  const provider = providersOf(deps.modules, deps.config).get(deps.config.paymentProvider);
  if (!provider || (provider.name === 'dev' && deps.config.env === 'production')) throw new AppError('PAYMENT_PROVIDER_REFUSED');
  return provider;
}
