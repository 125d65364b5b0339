import type { ContactAddress } from '../../events/directory/contact-events.ts';

/** An address on one line, as written (street, second line, postcode and city, region, country); null when it says nothing. */
export const addressLine = (address: ContactAddress | undefined | null): string | null => {
  if (!address) return null;
  const place = [address.postcode, address.city].filter(Boolean).join(' ');
  const line = [address.street, address.street2, place, address.region, address.country].filter((part) => part !== undefined && part.trim() !== '').join(', ');
  return line === '' ? null : line;
};
