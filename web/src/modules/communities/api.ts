// The communities API's answers, typed by the server's schemas (type-only: nothing of the server is bundled).
export type { CommunityHomeView as CommunityHome, CommunityListView as CommunityList } from '../../../../src/modules/communities/index.ts';
