// The installed modules, in dependency order: this list drives the app's routes, the migrations,
// the error codes and roles, the demo seed, the CLI, the authorisation matrix and the fuzzing.
// Adding a module is its folder and one line here.
import type { ModuleDefinition } from '../platform/module.ts';
import { addresses } from './addresses/index.ts';
import { communities } from './communities/index.ts';
import { identity } from './identity/index.ts';
import { ledger } from './ledger/index.ts';
import { market } from './market/index.ts';
import { notifications } from './notifications/index.ts';
import { people } from './people/index.ts';

export const MODULES: readonly ModuleDefinition[] = [identity, communities, addresses, people, notifications, ledger, market];
