import type { ComponentType } from 'react';
import { WEB_MODULES } from './modules/index.ts';
import type { Role } from './session.tsx';
import type { AccountLink, HomeSection, PageRoute } from './web-module.ts';

// What the installed web modules add up to, read by the shell and by the pages that list what every
// module declares (the community home's sections, the roles, the audit log's actions).

const isStaff = ({ roles }: { roles: readonly string[] }) => roles.includes('staff');

/**
 * The shell's own pages, for the platform's routes (src/platform/*.routes.ts), which belong to no
 * module: a community's background jobs, whichever modules queue them. Strings in "common".
 */
export const SHELL_ROUTES: readonly PageRoute[] = [{ pattern: '/c/:slug/jobs', src: 'src/jobs/Jobs.tsx', load: () => import('./jobs/Jobs.tsx') }];
const SHELL_HOME_SECTIONS: readonly (HomeSection & { ns: string })[] = [
  { title: 'jobs.section', note: 'jobs.sectionNote', to: (slug) => `/c/${slug}/jobs`, shownTo: isStaff, order: 95, ns: 'common' },
];

/** Every page's route. Patterns do not overlap, so their order does not matter. */
export const PAGE_ROUTES: readonly PageRoute[] = [...SHELL_ROUTES, ...WEB_MODULES.flatMap((m) => m.routes)];

/** The i18n namespaces: the shell's ("common", the default) and each module's, named after it. */
export const NAMESPACES: readonly string[] = ['common', ...WEB_MODULES.map((m) => m.name)];

/** The platform's roles (src/platform/context.ts) and their places among the modules' roles. */
const PLATFORM_ROLES: Readonly<Partial<Record<Role, number>>> = { resident: 10, staff: 60, supervisor: 70 };

/** Every role, in the order lists of roles show them; names under `roles.<role>` (look them up in NAMESPACES). */
export const ROLES: readonly Role[] = [PLATFORM_ROLES, ...WEB_MODULES.map((m) => m.roles ?? {})]
  .flatMap((roles) => Object.entries(roles) as [Role, number][])
  .sort((a, b) => a[1] - b[1])
  .map(([role]) => role);

/** The community home's sections, in their order, each with the namespace of its strings. */
export const HOME_SECTIONS: readonly (HomeSection & { ns: string })[] = [
  ...SHELL_HOME_SECTIONS,
  ...WEB_MODULES.flatMap((m) => (m.homeSections ?? []).map((section) => ({ ...section, ns: m.name }))),
].sort((a, b) => a.order - b.order);

/** The account page's links in each of my communities, in their order, each with the namespace of its words. */
export const ACCOUNT_LINKS: readonly (AccountLink & { ns: string })[] = WEB_MODULES.flatMap((m) =>
  (m.accountLinks ?? []).map((link) => ({ ...link, ns: m.name })),
).sort((a, b) => a.order - b.order);

/** What the modules show in the site's header, in the modules' order. */
export const HEADER_ITEMS: readonly ComponentType[] = WEB_MODULES.flatMap((m) => m.headerItems ?? []);
