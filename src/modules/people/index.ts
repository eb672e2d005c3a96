// The people module: the resident register (who lives in the community, with the least data that
// serves), households, children registered on a guardian's consent, and sensitive tags read only by
// the roles that need them. Accounts, consent and 代办 stay in identity; this module builds on them.
import { defineModule } from '../../platform/module.ts';
import { addresses } from '../addresses/index.ts';
import { communities } from '../communities/index.ts';
import { identity } from '../identity/index.ts';
import { peopleDemoStep } from './people.demo.ts';
import { PEOPLE_ERRORS } from './people.errors.ts';
import { peoplePersonalData } from './people.privacy.ts';
import { peopleRoutes } from './people.routes.ts';

export { ageBandOf } from './people.service.ts';
// The shapes of its requests and answers, for the web app (type-only imports: nothing of the server is bundled).
export type {
  PersonView,
  PeopleView,
  SensitiveView,
  HouseholdView,
  EnrolInput,
  UpdatePersonInput,
  UpdateMyProfileInput,
  MyChildInput,
  SensitiveInput,
  HouseholdInput,
  PeopleQueryInput,
} from './people.schemas.ts';

export const people = defineModule({
  name: 'people',
  dependsOn: [identity, communities, addresses],
  migrations: new URL('./migrations/', import.meta.url),
  routes: peopleRoutes,
  errors: PEOPLE_ERRORS,
  personalData: peoplePersonalData,
  demo: peopleDemoStep,
});
