// Seeds Medusa through its own admin HTTP API (as an operator would, nothing written to its
// tables directly): CNY region with the system manual payment provider, a sales channel and its
// publishable key, a stock location with a manual-fulfilment pickup option at price 0, the two
// categories and the comparison's 1,000 products (one variant each, priced in CNY, stocked).
import { CATEGORIES, LISTED_CATEGORY, catalogue } from './catalogue.ts';

export interface SeedState {
  medusaVersion: string;
  products: number;
  regionId: string;
  salesChannelId: string;
  publishableKey: string;
  stockLocationId: string;
  shippingOptionId: string;
  /** The category both listings measure. */
  listedCategoryId: string;
  /** Variant ids in catalogue order (index i is catalogue item i). */
  variantIds: string[];
}

type Json = Record<string, unknown>;

class AdminApi {
  private token = '';
  constructor(private readonly base: string) {}

  async logIn(email: string, password: string) {
    const body = await this.call('POST', '/auth/user/emailpass', { email, password });
    this.token = String(body.token);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Medusa's admin answers are read ad hoc; a wrong shape fails the seed loudly
  async call(method: string, path: string, body?: unknown): Promise<any> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`medusa ${method} ${path} → ${res.status} ${text.slice(0, 500)}`);
    return text ? (JSON.parse(text) as Json) : {};
  }
}

const chunks = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

export async function seedMedusa(
  base: string,
  o: { email: string; password: string; medusaVersion: string; stock?: number; log: (s: string) => void },
): Promise<SeedState> {
  const api = new AdminApi(base);
  await api.logIn(o.email, o.password);
  const stock = o.stock ?? 1_000_000;

  const { stores } = await api.call('GET', '/admin/stores');
  await api.call('POST', `/admin/stores/${stores[0].id}`, { name: '微益对照店', supported_currencies: [{ currency_code: 'cny', is_default: true }] });
  const { region } = await api.call('POST', '/admin/regions', {
    name: '中国',
    currency_code: 'cny',
    countries: ['cn'],
    payment_providers: ['pp_system_default'],
  });
  const { sales_channel: channel } = await api.call('POST', '/admin/sales-channels', { name: '社区小店' });
  const { api_key: key } = await api.call('POST', '/admin/api-keys', { title: 'storefront', type: 'publishable' });
  await api.call('POST', `/admin/api-keys/${key.id}/sales-channels`, { add: [channel.id] });

  const { stock_location: location } = await api.call('POST', '/admin/stock-locations', {
    name: '社区小店',
    address: { address_1: '压测街道 1 号', city: '压测区', country_code: 'cn' },
  });
  await api.call('POST', `/admin/stock-locations/${location.id}/sales-channels`, { add: [channel.id] });
  await api.call('POST', `/admin/stock-locations/${location.id}/fulfillment-providers`, { add: ['manual_manual'] });
  const withSet = await api.call('POST', `/admin/stock-locations/${location.id}/fulfillment-sets?fields=*fulfillment_sets`, {
    name: '社区小店 自提',
    type: 'shipping',
  });
  const fulfillmentSetId: string = withSet.stock_location.fulfillment_sets[0].id;
  const withZone = await api.call('POST', `/admin/fulfillment-sets/${fulfillmentSetId}/service-zones?fields=*service_zones`, {
    name: '中国',
    geo_zones: [{ type: 'country', country_code: 'cn' }],
  });
  const serviceZoneId: string = withZone.fulfillment_set.service_zones[0].id;
  const profiles = await api.call('GET', '/admin/shipping-profiles?type=default');
  const profileId: string =
    profiles.shipping_profiles[0]?.id ?? (await api.call('POST', '/admin/shipping-profiles', { name: 'Default', type: 'default' })).shipping_profile.id;
  const { shipping_option: option } = await api.call('POST', '/admin/shipping-options', {
    name: '到店自提',
    service_zone_id: serviceZoneId,
    shipping_profile_id: profileId,
    provider_id: 'manual_manual',
    price_type: 'flat',
    type: { label: '自提', description: '到店自提', code: 'pickup' },
    prices: [
      { currency_code: 'cny', amount: 0 },
      { region_id: region.id, amount: 0 },
    ],
    rules: [
      { attribute: 'enabled_in_store', value: 'true', operator: 'eq' },
      { attribute: 'is_return', value: 'false', operator: 'eq' },
    ],
  });

  const categoryIds = new Map<string, string>();
  for (const [i, name] of CATEGORIES.entries()) {
    const { product_category: c } = await api.call('POST', '/admin/product-categories', {
      name,
      handle: `category-${i + 1}`,
      is_active: true,
      is_internal: false,
    });
    categoryIds.set(name, c.id);
  }

  const items = catalogue();
  let done = 0;
  for (const batch of chunks(items, 25)) {
    await api.call('POST', '/admin/products/batch?fields=id', {
      create: batch.map((item) => ({
        title: item.title,
        handle: `bag-${item.index + 1}`,
        status: 'published',
        categories: [{ id: categoryIds.get(item.category)! }],
        shipping_profile_id: profileId,
        sales_channels: [{ id: channel.id }],
        options: [{ title: '规格', values: ['标准'] }],
        variants: [
          {
            title: '标准',
            sku: `B${String(item.index).padStart(4, '0')}`,
            manage_inventory: true,
            options: { 规格: '标准' },
            prices: [{ currency_code: 'cny', amount: item.priceFen / 100 }],
          },
        ],
      })),
    });
    done += batch.length;
    if (done % 250 === 0) o.log(`  medusa: ${done} products`);
  }

  const { inventory_items: inventory } = await api.call('GET', `/admin/inventory-items?limit=${items.length + 10}&fields=id,sku`);
  for (const batch of chunks(inventory as { id: string }[], 200))
    await api.call('POST', '/admin/inventory-items/location-levels/batch', {
      create: batch.map((it) => ({ inventory_item_id: it.id, location_id: location.id, stocked_quantity: stock })),
    });

  const { variants } = await api.call('GET', `/admin/product-variants?limit=${items.length + 10}&fields=id,sku`);
  const bySku = new Map((variants as { id: string; sku: string }[]).map((v) => [v.sku, v.id]));
  const variantIds = items.map((item) => {
    const id = bySku.get(`B${String(item.index).padStart(4, '0')}`);
    if (!id) throw new Error(`medusa: no variant for catalogue item ${item.index}`);
    return id;
  });
  return {
    medusaVersion: o.medusaVersion,
    products: items.length,
    regionId: region.id,
    salesChannelId: channel.id,
    publishableKey: key.token,
    stockLocationId: location.id,
    shippingOptionId: option.id,
    listedCategoryId: categoryIds.get(LISTED_CATEGORY)!,
    variantIds,
  };
}
