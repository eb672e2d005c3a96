import { api, query } from '../../api.ts';
import type {
  AuthorizeView,
  BindWeChatInput,
  DeliveriesView,
  DeliveryView,
  InboxView,
  MarkReadInput,
  NotificationView,
  PreferencesInput,
  PreferencesView,
  UnreadView,
} from '../../../../src/modules/notifications/index.ts';

// The notifications API's client, its answers typed by the server's schemas (type-only: nothing of the
// server is bundled). In the pages' chunks; the header's badge needs only unread.ts.

export type Notification = NotificationView;
export type Preferences = PreferencesView;
export type Delivery = DeliveryView;
export type DeliveryState = DeliveryView['state'];

export const inbox = {
  /** My notifications, newest first; `before` an id pages back. */
  list: (page: { limit: number; before?: number | undefined }) => api.get<InboxView>(`/api/v1/me/notifications${query(page)}`),
  markRead: (input: MarkReadInput) => api.post<UnreadView>('/api/v1/me/notifications/read', input),
};

export const preferences = {
  get: () => api.get<Preferences>('/api/v1/me/notification-preferences'),
  save: (input: PreferencesInput) => api.put<Preferences>('/api/v1/me/notification-preferences', input),
  /** Where WeChat asks the person to allow the binding; sets the state cookie the binding is checked against. */
  wechatAuthorizeUrl: async () => (await api.get<AuthorizeView>('/api/v1/me/wechat/authorize')).url,
  bindWeChat: (input: BindWeChatInput) => api.post<Preferences>('/api/v1/me/wechat', input),
  unbindWeChat: () => api.delete<Preferences>('/api/v1/me/wechat'),
};

export const deliveries = {
  list: (slug: string, state: DeliveryState | '') =>
    api.get<DeliveriesView>(`/api/v1/communities/${encodeURIComponent(slug)}/notifications/deliveries${query({ state, limit: 100 })}`),
};

/** A notice's link, if it is a page of this app: a path, never another site or a script. */
export function appLink(link: string | null): string | null {
  return link && /^\/(?![/\\])/.test(link) ? link : null;
}
