import type { Kysely, Transaction } from 'kysely';
import type { PlatformTables } from './platform/tables.ts';
import type { CommunityTables } from './modules/communities/communities.tables.ts';
import type { IdentityTables } from './modules/identity/identity.tables.ts';
import type { MarketTables } from './modules/market/market.tables.ts';
import type { LedgerTables } from './modules/ledger/ledger.tables.ts';

/** Every table the application queries, composed from each module's own table types. */
export interface Database extends PlatformTables, CommunityTables, IdentityTables, LedgerTables, MarketTables {}

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the pool or an open transaction: repositories accept both. */
export type Executor = Db | Tx;
