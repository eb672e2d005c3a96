import type { SameKeys } from '../web-module.ts';

// The shell's strings, the i18next namespace "common" (the default): the header, the words every
// page shares, the platform's roles. A module's page finds these after its own namespace.

/** 简体中文: the default language. */
export const zh = {
  app: { name: '微益', title: '微益 · 社区共治平台' },
  nav: { settings: '显示设置', elderOn: '长辈版', me: '我的', login: '登录', skip: '跳到正文' },
  common: {
    loading: '正在加载…',
    error: '出错了，请稍后再试。',
    notFound: '页面不存在',
    backHome: '回到首页',
    back: '返回',
    save: '保存',
    saved: '已保存',
    all: '全部',
    prev: '上一页',
    next: '下一页',
    comingSoon: '即将上线',
    cancel: '取消',
    retry: '重试',
    more: '加载更多',
  },
  roles: {
    resident: '居民',
    staff: '社区工作人员',
    supervisor: '居务监督',
  },
  work: {
    approve: '批准',
    reject: '驳回',
    rejectWithReason: '确认驳回',
    reason: '理由',
    amountYuan: '金额（元）',
    badAmount: '请输入正确的金额，例如 120 或 120.50。',
    uploading: '正在上传…',
    fileTooLarge: '{{name}} 超过 10 MB。',
    fileN: '附件 {{n}}',
    removeFile: '删除附件 {{n}}',
  },
};

/** English, with the same keys. */
export const en: SameKeys<typeof zh> = {
  app: { name: 'Weiyi', title: 'Weiyi · community co-governance' },
  nav: { settings: 'Display settings', elderOn: 'Large text', me: 'Me', login: 'Log in', skip: 'Skip to content' },
  common: {
    loading: 'Loading…',
    error: 'Something went wrong, please try again.',
    notFound: 'Page not found',
    backHome: 'Back to the start',
    back: 'Back',
    save: 'Save',
    saved: 'Saved',
    all: 'All',
    prev: 'Previous',
    next: 'Next',
    comingSoon: 'Coming soon',
    cancel: 'Cancel',
    retry: 'Try again',
    more: 'Show more',
  },
  roles: {
    resident: 'Resident',
    staff: 'Staff',
    supervisor: 'Supervisor',
  },
  work: {
    approve: 'Approve',
    reject: 'Reject',
    rejectWithReason: 'Reject',
    reason: 'Reason',
    amountYuan: 'Amount (yuan)',
    badAmount: 'Enter an amount such as 120 or 120.50.',
    uploading: 'Uploading…',
    fileTooLarge: '{{name}} is over 10 MB.',
    fileN: 'Attachment {{n}}',
    removeFile: 'Remove attachment {{n}}',
  },
};
