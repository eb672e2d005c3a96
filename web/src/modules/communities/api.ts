import { api, query } from '../../api.ts';
import type { CommunityView, SettingChangesView, SettingChangeView } from '../../../../src/modules/communities/index.ts';

// The communities API's answers, typed by the server's schemas (type-only: nothing of the server is bundled).
export type {
  CommunityHomeView as CommunityHome,
  CommunityListView as CommunityList,
  SettingChangeView as SettingChange,
} from '../../../../src/modules/communities/index.ts';
export type SettingChangeState = SettingChangeView['state'];
export type Settings = CommunityView['settings'];

const settingsUrl = (slug: string) => `/api/v1/communities/${encodeURIComponent(slug)}/settings`;

/** A community's settings, and the changes of them that wait for a supervisor. */
export const settings = {
  /** Staff or a platform administrator: applied at once (the community), or waiting for a supervisor (`change`: the API's 202). */
  change: (slug: string, changes: Partial<Settings>) => api.patch<CommunityView | { change: SettingChangeView }>(settingsUrl(slug), changes),
  changes: (slug: string, state: SettingChangeState, limit: number) => api.get<SettingChangesView>(`${settingsUrl(slug)}/changes${query({ state, limit })}`),
  decide: (slug: string, id: number, action: 'approve' | 'refuse' | 'withdraw') => api.post<SettingChangeView>(`${settingsUrl(slug)}/changes/${id}/${action}`),
};
