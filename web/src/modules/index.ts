// The web app's installed modules, in the server's MODULES order (src/modules/index.ts): this list
// gives the shell its routes, the server's first render, the i18n namespaces, the roles' names, the
// community home's sections and the header's items (web/src/installed.ts). Adding a module is its
// folder and one line here.
import type { WebModule } from '../web-module.ts';
import { addresses } from './addresses/index.ts';
import { communities } from './communities/index.ts';
import { identity } from './identity/index.ts';
import { ledger } from './ledger/index.ts';
import { market } from './market/index.ts';
import { notifications } from './notifications/index.ts';
import { people } from './people/index.ts';

export const WEB_MODULES: readonly WebModule[] = [identity, communities, addresses, people, notifications, ledger, market];
