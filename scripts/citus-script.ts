// Prints the Citus distribution calls for the current migrations (docs/scaling.md): migrates an
// embedded database in memory, reads its catalogue and each module's table classes.
import { PGlite } from '@electric-sql/pglite';
import { MODULES } from '../src/modules/index.ts';
import { migrate } from '../src/platform/migrate.ts';
import { sharedTablesOf } from '../src/platform/module.ts';
import { distributionScript } from '../test/support/shardable.ts';

const pglite = await PGlite.create('memory://');
const owner = {
  exec: async (text: string) => void (await pglite.exec(text)),
  query: async <R>(text: string, params: unknown[] = []) => (await pglite.query<R>(text, params)).rows,
};
await migrate(owner, MODULES);
console.log((await distributionScript(owner, sharedTablesOf(MODULES))).join('\n'));
await pglite.close();
