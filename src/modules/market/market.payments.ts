import type { Config } from '../../platform/config.ts';
import { AppError } from '../../platform/errors.ts';

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

const providers = new Map<string, PaymentProvider>([['dev', new DevPaymentProvider()]]);

/** Lets an adapter (or a test double) register itself under its name. */
export function registerPaymentProvider(provider: PaymentProvider) {
  providers.set(provider.name, provider);
}

/** The configured provider; the dev provider never runs in production. */
export function paymentProviderFor(config: Pick<Config, 'env' | 'paymentProvider'>): PaymentProvider {
  const provider = providers.get(config.paymentProvider);
  if (!provider || (provider.name === 'dev' && config.env === 'production')) throw new AppError('PAYMENT_PROVIDER_REFUSED');
  return provider;
}
