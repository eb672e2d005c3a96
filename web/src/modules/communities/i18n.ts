import type { SameKeys } from '../../web-module.ts';

// The communities module's strings, its i18next namespace "communities": the list of communities, a
// community's home, and the names of its audit actions.

/** 简体中文: the default language. */
export const zh = {
  home: { title: '选择你的社区', lead: '微益：社区达人的手艺换来收入，每一笔收益进社区公益基金，每一分钱都公示。' },
  community: {
    members: '{{count}} 位成员',
    myRoles: '我的身份：',
    registerHere: '注册并加入本社区',
    join: '加入本社区',
    sections: '社区服务',
  },
  audit: {
    community: { settings_changed: '修改社区设置' },
  },
};

/** English, with the same keys. */
export const en: SameKeys<typeof zh> = {
  home: {
    title: 'Choose your community',
    lead: 'Weiyi: residents’ skills earn them an income, the margin goes to the community fund, and every fen is published.',
  },
  community: {
    members: '{{count}} members',
    myRoles: 'My roles: ',
    registerHere: 'Register and join',
    join: 'Join this community',
    sections: 'Community services',
  },
  audit: {
    community: { settings_changed: 'Changed community settings' },
  },
};
