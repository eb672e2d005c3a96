import type { ComponentType } from 'react';
import type { Role } from './session.tsx';

/**
 * The web app's module contract, the browser's side of the server's (src/platform/module.ts): each
 * module in web/src/modules/<name>/index.ts exports one definition made with `defineWebModule`, and
 * WEB_MODULES (web/src/modules/index.ts) lists them. The shell reads the list (installed.ts) for its
 * routes, the server's first render, the i18n namespaces, the roles' names and the community home's
 * sections; nothing registers itself by being imported.
 *
 * A module's background jobs (the server's `<module>.<job>`) are named for staff under `jobs.<job>`
 * in its namespace (the jobs page, web/src/jobs).
 */

export interface PageProps {
  params: Record<string, string>;
}
export interface PageModule {
  default: ComponentType<PageProps>;
}

export interface PageRoute {
  /** The address, e.g. "/c/:slug/fund"; each `:name` is a param. */
  pattern: string;
  /** The page's source under web/, as Vite's manifest names it (the server preloads its chunk). */
  src: string;
  /** Imports the page: each page is its own chunk, so a phone downloads only what it shows. */
  load: () => Promise<PageModule>;
  /**
   * For a public page the server renders first (entry-server.tsx): the API GETs it renders with,
   * besides who is signed in, sent along with the page; null leaves this address to the browser.
   */
  firstData?: (params: Record<string, string>) => string[] | null;
  /** A full-screen page without the site's header (the shop's kiosk). */
  fullScreen?: boolean;
}

/** A link on the community home to a part of a module, for the people it serves. */
export interface HomeSection {
  /** The keys of its title and one-line note in the module's namespace. */
  title: string;
  note: string;
  to: (slug: string) => string;
  /** Whether this visitor sees it; everyone when absent. A platform administrator need not be a member (no roles). */
  shownTo?: (visitor: { signedIn: boolean; roles: readonly string[]; isPlatformAdmin: boolean }) => boolean;
  /** Its place among every module's sections, lowest first. */
  order: number;
}

/** A link on my account page, under each of my communities, to a part of a module about me there. */
export interface AccountLink {
  /** The key of its words in the module's namespace. */
  title: string;
  to: (slug: string) => string;
  /** Its place among every module's links, lowest first. */
  order: number;
}

/** One i18n namespace in one language: nested objects of text. */
export interface Strings {
  readonly [key: string]: string | Strings;
}

/** The type of the English strings: the keys of the Chinese ones, no more and no fewer. */
export type SameKeys<T> = { [K in keyof T]: T[K] extends string ? string : SameKeys<T[K]> };

export interface WebModule {
  /** The server module's name (src/modules/<name>); also its i18n namespace. */
  readonly name: string;
  readonly routes: readonly PageRoute[];
  /** Its i18n namespace: zh-CN (the default) and en. */
  readonly strings: { readonly zh: Strings; readonly en: Strings };
  /** Roles it adds (their names under `roles.<role>` in its namespace), each with its place in lists of roles. */
  readonly roles?: Readonly<Partial<Record<Role, number>>>;
  /** Its links on the community home. */
  readonly homeSections?: readonly HomeSection[];
  /** Its links on my account page, in each community I belong to (what it holds about me, what I gave). */
  readonly accountLinks?: readonly AccountLink[];
  /**
   * What it shows in the site's header (the notifications' inbox link), each deciding for itself
   * whom it shows to. In the app's chunk, not a page's: keep them small, and render the same on the
   * server's first screen as in the browser's first render (fetch in an effect).
   */
  readonly headerItems?: readonly ComponentType[];
}

/** Declares a web module; the identity function that gives the definition its checked type. */
export function defineWebModule<const M extends WebModule>(definition: M): M {
  return definition;
}
