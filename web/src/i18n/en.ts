import type { SameKeys } from '../web-module.ts';
import type { zhCN } from './zh-CN.ts';

/** English, beside the default zh-CN. */
export const en: SameKeys<typeof zhCN> = {
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
