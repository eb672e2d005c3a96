import { AsyncLocalStorage } from 'node:async_hooks';
import { CompiledQuery, type DatabaseConnection, type Dialect, type Driver, type Kysely, type QueryCompiler, type TransactionSettings } from 'kysely';

/** The tenant a transaction runs for: row-level security reads these settings. */
export interface TenantSettings {
  communityId?: number | undefined;
  userId?: number | undefined;
}

interface PendingBegin {
  settings: TenantSettings;
  taken: boolean;
}

const pending = new AsyncLocalStorage<PendingBegin>();

/**
 * Runs `begin` (inside `fn`'s call to `db.transaction()`) with the tenant settings applied in the
 * same round trip as the `begin` itself, instead of a `set_config` statement of its own.
 * Only the first transaction begun inside `fn` takes them.
 */
export function withTenantBegin<T>(settings: TenantSettings, fn: () => Promise<T>): Promise<T> {
  return pending.run({ settings, taken: false }, fn);
}

function idText(value: number | undefined): string {
  if (value === undefined) return '';
  if (!Number.isSafeInteger(value)) throw new Error(`a tenant id must be an integer, got ${value}`);
  return String(value);
}

/** The statement that sets the tenant for the rest of the transaction (ids are checked integers, so inlining them is safe). */
export function setTenantSql(settings: TenantSettings): string {
  return `select set_config('app.community_id', '${idText(settings.communityId)}', true), set_config('app.user_id', '${idText(settings.userId)}', true)`;
}

/**
 * Wraps a dialect so a transaction begun through `withTenantBegin` sets its tenant as part of
 * `begin`. With `multiStatement` (node-postgres: a query without parameters goes over the simple
 * protocol) both go in one message; otherwise (PGlite, in process) as two statements.
 */
export class TenantBeginDialect implements Dialect {
  constructor(
    private readonly inner: Dialect,
    private readonly multiStatement: boolean,
  ) {}
  createAdapter() {
    return this.inner.createAdapter();
  }
  createDriver(): Driver {
    return new TenantBeginDriver(this.inner.createDriver(), this.multiStatement);
  }
  createIntrospector(db: Kysely<unknown>) {
    return this.inner.createIntrospector(db);
  }
  createQueryCompiler(): QueryCompiler {
    return this.inner.createQueryCompiler();
  }
}

class TenantBeginDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly multiStatement: boolean,
  ) {}
  init() {
    return this.inner.init();
  }
  acquireConnection() {
    return this.inner.acquireConnection();
  }
  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    const begin = pending.getStore();
    const isPlain = !settings.isolationLevel && !settings.accessMode;
    if (!begin || begin.taken || !isPlain) return this.inner.beginTransaction(connection, settings);
    begin.taken = true;
    if (this.multiStatement) {
      await connection.executeQuery(CompiledQuery.raw(`begin; ${setTenantSql(begin.settings)}`));
    } else {
      await this.inner.beginTransaction(connection, settings);
      await connection.executeQuery(CompiledQuery.raw(setTenantSql(begin.settings)));
    }
  }
  commitTransaction(connection: DatabaseConnection) {
    return this.inner.commitTransaction(connection);
  }
  rollbackTransaction(connection: DatabaseConnection) {
    return this.inner.rollbackTransaction(connection);
  }
  releaseConnection(connection: DatabaseConnection) {
    return this.inner.releaseConnection(connection);
  }
  destroy() {
    return this.inner.destroy();
  }
}
