import type { Kysely, Transaction } from 'kysely';
import type { PlatformTables } from './platform/tables.ts';

/**
 * Every table the application queries: the platform's, and each module's, which its tables file
 * adds by declaration merging (`declare module '../../database.ts'`). Nothing here names a module.
 */
export interface Database extends PlatformTables {}

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the pool or an open transaction: repositories accept both. */
export type Executor = Db | Tx;
