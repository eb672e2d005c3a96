import type { Database, Tx } from '../database.ts';
import type { Community, Deps, Role, RoleLabel } from './context.ts';
import { PLATFORM_ROLES } from './context.ts';
import type { Runtime } from './deps.ts';
import { ErrorCatalogue, type ErrorTable } from './errors.ts';
import type { JobDefinitions } from './jobs.ts';
import type { ModuleRoutes } from './routing.ts';

/**
 * The module contract: everything the app needs to know about a module, in one value that the
 * module's `index.ts` exports. The `MODULES` list (src/modules/index.ts) drives the app, the
 * migrations, the seed, the CLI, the authorisation matrix and the fuzzing from these; nothing
 * registers itself by being imported.
 *
 * Hooks that belong to one module (the ledger's source presenters, the market's payment
 * providers) are added to this interface by that module, by declaration merging, and read from
 * `deps.modules` by it.
 */
export interface ModuleDefinition {
  /** Lower-case, unique; the name of its folder and of its migrations' namespace. */
  readonly name: string;
  /** Modules this one calls or whose tables its migrations reference; they come earlier in MODULES. */
  readonly dependsOn: readonly ModuleDefinition[];
  /** Its migrations folder: forward-only SQL files applied in name order, after its dependencies'. */
  readonly migrations?: URL;
  /** Its routes; each declares `access`, checked before the handler and written into the OpenAPI document. */
  readonly routes?: ModuleRoutes;
  /** Its error codes, with the HTTP status and message of each. */
  readonly errors?: ErrorTable;
  /** Roles it adds, with their names for people. */
  readonly roles?: Readonly<Partial<Record<Role, RoleLabel>>>;
  /** Runs inside the transaction that creates a community (opening books, default rows). */
  readonly onCommunityCreated?: CommunitySetUp;
  /** Background jobs it handles, by name; queued as `<module>.<name>` (platform/jobs.ts). */
  readonly jobs?: JobDefinitions;
  /** Its part of the demo install, run inside the seed transaction after the demo people exist. */
  readonly demo?: DemoStep;
  /**
   * Its tables without community_id, and where each would live when the schema is distributed by
   * community (docs/scaling.md): copied to every node (`reference`) or kept on the coordinator
   * (`local`), each with the reason. test/api/shardable.test.ts fails on a table nobody classified.
   */
  readonly sharedTables?: SharedTables;
  /** Sub-commands of `weiyi` it adds (`weiyi ledger verify …`). */
  readonly commands?: Readonly<Record<string, Command>>;
  /**
   * What it holds about a person, for the person's rights (PIPL Arts. 45 and 47): shown to them and
   * downloaded, and removed when they close their account. docs/privacy.md lists every field.
   */
  readonly personalData?: PersonalData;
  /**
   * Its columns that hold uploaded files' SHA-256 (platform/files.ts): a file none of the installed
   * modules' columns names is deleted once its grace period is over. A reference is made in a
   * transaction that checked the file with `deps.files.requireAll`, which holds it until commit.
   */
  readonly fileReferences?: readonly FileReference[];
}

/**
 * A module's part in a person's rights over their data. Each function runs inside a transaction
 * whose tenant is the community (row-level security applies), once per community the person is
 * a member of.
 */
export interface PersonalData {
  /** What it holds about the person in the community, as plain JSON the person can read; omitted when nothing. */
  export?(tx: Tx, communityId: number, userId: number): Promise<Record<string, unknown> | null>;
  /** Refuses (throws an AppError) while something must stay open: money owed to them, an order not finished. */
  refuseClosing?(tx: Tx, communityId: number, userId: number): Promise<void>;
  /** Removes what it holds about the person in the community, keeping only what a record must keep (the fund's book). */
  close?(tx: Tx, communityId: number, userId: number): Promise<void>;
}

/** A column of a module's table naming files of the row's community: one hash (text), or several (`many`: text[]). */
export type FileReference = {
  [T in keyof Database & string]: { readonly table: T; readonly column: keyof Database[T] & string; readonly many?: true };
}[keyof Database & string];

/** Every column of the installed modules that names files. */
export function fileReferencesOf(modules: readonly ModuleDefinition[]): FileReference[] {
  return modules.flatMap((m) => m.fileReferences ?? []);
}

export interface SharedTables {
  readonly reference?: Readonly<Record<string, string>>;
  readonly local?: Readonly<Record<string, string>>;
}

/** The platform's own tables without community_id (its migrations folder). */
export const PLATFORM_SHARED_TABLES: SharedTables = {
  reference: {
    communities: 'the tenants themselves: every tenant table references communities(id), and each request reads its community first',
    known_roles: 'the role register, a few rows: the memberships trigger reads it on whichever node holds the membership',
  },
  local: {
    schema_migrations: 'the migrator’s record, read and written only by the migrator on the coordinator',
    rate_limit_hits: 'attempts per hashed phone or address across communities, counted under an advisory lock on the coordinator',
    wechat_tokens: 'one access token per WeChat account, shared by every app process through the coordinator',
  },
};

/** Every table without community_id of the platform and the modules, by where it would live; a name classified twice throws. */
export function sharedTablesOf(modules: readonly ModuleDefinition[]): { reference: Record<string, string>; local: Record<string, string> } {
  const out = { reference: {} as Record<string, string>, local: {} as Record<string, string> };
  for (const { owner, tables } of [
    { owner: 'platform', tables: PLATFORM_SHARED_TABLES },
    ...modules.map((m) => ({ owner: m.name, tables: m.sharedTables ?? {} })),
  ]) {
    for (const kind of ['reference', 'local'] as const) {
      for (const [name, reason] of Object.entries(tables[kind] ?? {})) {
        if (name in out.reference || name in out.local) throw new Error(`table ${name} of ${owner} is classified twice`);
        out[kind][name] = reason;
      }
    }
  }
  return out;
}

export type CommunitySetUp = (tx: Tx, community: Community, deps: Deps) => Promise<void>;

export interface DemoContext {
  deps: Deps;
  tx: Tx;
  community: Community;
  people: Record<string, { userId: number; name: string }>;
}

export type DemoStep = (ctx: DemoContext) => Promise<void>;

export interface Command {
  /** One line for `weiyi help`, e.g. `verify <file or URL>   recompute a fund's hash chain`. */
  usage: string;
  /** Returns the exit code. `open` starts the runtime (database, migrations) if the command needs it. */
  run(args: string[], open: () => Promise<Runtime>): Promise<number>;
}

/** Declares a module; the identity function that gives the definition its checked type. */
export function defineModule<const M extends ModuleDefinition>(definition: M): M {
  return definition;
}

/**
 * Checks a module list: names unique and well-formed, every dependency installed and listed
 * before the module that needs it. Throws with a message naming the module at fault.
 */
export function checkModules(modules: readonly ModuleDefinition[]): void {
  const seen = new Set<ModuleDefinition>();
  const names = new Set<string>();
  for (const m of modules) {
    if (!/^[a-z][a-z0-9-]{1,30}$/.test(m.name)) throw new Error(`module name "${m.name}" must be lower-case letters, digits and dashes`);
    if (m.name === 'platform') throw new Error('module name "platform" is taken by the platform (its jobs, its error codes)');
    if (names.has(m.name)) throw new Error(`module ${m.name} is listed twice`);
    for (const dependency of m.dependsOn) {
      if (!modules.includes(dependency)) throw new Error(`module ${m.name} depends on ${dependency.name}, which is not installed`);
      if (!seen.has(dependency)) throw new Error(`module ${m.name} depends on ${dependency.name}, which must come before it in MODULES`);
    }
    seen.add(m);
    names.add(m.name);
  }
}

/** The error codes of the platform and of every module, refusing a code declared twice. */
export function errorCatalogueOf(modules: readonly ModuleDefinition[]): ErrorCatalogue {
  return new ErrorCatalogue(modules.map((m) => ({ owner: m.name, table: m.errors })));
}

/** The roles of the platform and of every module, refusing a role declared twice. */
export function rolesOf(modules: readonly ModuleDefinition[]): ReadonlyMap<Role, RoleLabel> {
  const roles = new Map<Role, RoleLabel>(Object.entries(PLATFORM_ROLES) as [Role, RoleLabel][]);
  const owners = new Map<string, string>([...roles.keys()].map((r) => [r, 'platform']));
  for (const m of modules) {
    for (const [role, label] of Object.entries(m.roles ?? {}) as [Role, RoleLabel][]) {
      if (!/^[a-z][a-z_]{1,30}$/.test(role)) throw new Error(`role "${role}" of ${m.name} must be lower-case letters and underscores`);
      const owner = owners.get(role);
      if (owner) throw new Error(`role ${role} of ${m.name} is already ${owner}'s`);
      roles.set(role, label);
      owners.set(role, m.name);
    }
  }
  return roles;
}
