// The addresses module: the community's address book (小区 / 楼栋 / 单元 / 室), which the people
// register, services and reports point at instead of free text.
import { defineModule } from '../../platform/module.ts';
import { communities } from '../communities/index.ts';
import { identity } from '../identity/index.ts';
import { addressesDemoStep } from './addresses.demo.ts';
import { addressRoutes } from './addresses.routes.ts';

export { addressLabel, findAddress, getAddresses } from './addresses.service.ts';
// The answers' types, for the web app's client (web/src/modules/addresses/api.ts) and other modules.
export type { AddressView, AddressesQueryInput, AddressesView, AddUnitsInput, AddUnitsView, EstatesView } from './addresses.schemas.ts';

export const addresses = defineModule({
  name: 'addresses',
  dependsOn: [identity, communities],
  migrations: new URL('./migrations/', import.meta.url),
  routes: addressRoutes,
  demo: addressesDemoStep,
});
