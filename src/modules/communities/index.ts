// The communities module: the tenants' names, places, settings and home page, and creating one
// (which runs every installed module's `onCommunityCreated` in the same transaction).
import { defineModule } from '../../platform/module.ts';
import { identity } from '../identity/index.ts';
import { COMMUNITY_ERRORS } from './communities.errors.ts';
import { communityRoutes } from './communities.routes.ts';

export { createCommunityIn, settingsOf, getSettingsIn, DEFAULT_SETTINGS, type SettingChangeHook } from './communities.service.ts';
export { SETTING_FIELDS, SETTING_KEYS, showSetting, type SettingKey, type SettingWords } from './communities.settings-fields.ts';
export { getCommunityBySlug } from './communities.repository.ts';
export type { CommunitySettings } from '../../platform/tables.ts';
// The shapes of its answers, for the web app (type-only imports: nothing of the server is bundled).
export type { CommunityView, CommunityHomeView, CommunityListView, SettingChangeView, SettingChangesView } from './communities.schemas.ts';

export const communities = defineModule({
  name: 'communities',
  dependsOn: [identity],
  migrations: new URL('./migrations/', import.meta.url),
  routes: communityRoutes,
  errors: COMMUNITY_ERRORS,
});
