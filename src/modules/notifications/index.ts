// The notifications module: the one place every module calls to tell a person something. The
// in-app inbox, text messages and WeChat notices as durable jobs, each delivery recorded with its
// outcome; people choose their channels and quiet hours.
import { defineModule } from '../../platform/module.ts';
import { communities } from '../communities/index.ts';
import { identity } from '../identity/index.ts';
import { deliverJob } from './notifications.delivery.ts';
import { NOTIFICATION_ERRORS } from './notifications.errors.ts';
import { notificationRoutes } from './notifications.routes.ts';
import { notificationsPersonalData } from './notifications.privacy.ts';
import { tellOfAppointment, tellOfSettingChange } from './notifications.supervision.ts';

export { notify, type NotifyInput } from './notifications.service.ts';
export { releaseTime, DEFAULT_QUIET } from './notifications.quiet.ts';
// The answers' types, for the web app's client (web/src/modules/notifications/api.ts).
export type {
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
} from './notifications.schemas.ts';

export const notifications = defineModule({
  name: 'notifications',
  dependsOn: [identity, communities],
  migrations: new URL('./migrations/', import.meta.url),
  personalData: notificationsPersonalData,
  routes: notificationRoutes,
  errors: NOTIFICATION_ERRORS,
  jobs: { deliver: deliverJob },
  // identity and communities come first and cannot call notify(): the supervisors hear of their checks through these
  onAppointment: tellOfAppointment,
  onSettingChange: tellOfSettingChange,
  sharedTables: {
    reference: {
      notification_preferences: 'a person’s channels and quiet hours across communities, read inside each community’s notify and delivery',
      notification_wechat_bindings: 'a person’s WeChat openid across communities, read inside each community’s notify and delivery',
    },
  },
});

declare module '../../platform/jobs.ts' {
  interface JobPayloads {
    'notifications.deliver': { communityId: number; deliveryId: number };
  }
}
