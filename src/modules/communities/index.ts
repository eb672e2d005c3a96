// The communities module's public API.
export { createCommunityIn, onCommunityCreated, settingsOf, DEFAULT_SETTINGS, type CommunitySetUp } from './communities.service.ts';
export { getCommunityBySlug } from './communities.repository.ts';
export { communityRoutes } from './communities.routes.ts';
export type { CommunitySettings } from './communities.tables.ts';
