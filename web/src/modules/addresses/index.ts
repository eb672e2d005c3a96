// The addresses module's web side: the staff's address book (estates, buildings, adding a building's
// flats, retiring an address that is gone) and the address picker other modules show where someone
// lives or where a service goes (src/modules/addresses on the server).
import { defineWebModule } from '../../web-module.ts';
import { en, zh } from './i18n.ts';
import { addressRoutes } from './routes.ts';

export { AddressPicker, type AddressPickerProps } from './AddressPicker.tsx';
export type { Address } from './api.ts';

export const addresses = defineWebModule({
  name: 'addresses',
  routes: addressRoutes,
  strings: { zh, en },
  homeSections: [
    {
      title: 'sections.book',
      note: 'sections.bookNote',
      to: (slug) => `/c/${slug}/addresses`,
      shownTo: ({ roles }) => roles.includes('staff'),
      order: 85,
    },
  ],
});
