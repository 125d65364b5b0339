import type { DirectoryDefaultsSetEvent } from '../../events/administration/settings-events.ts';
import { assertAdministrator } from '../access/administration.ts';
import { countryCode } from '../directory/countries.ts';
import type { DecisionContext, Decider, Recorded } from '../shared/decider.ts';
import { invalid } from '../shared/errors.ts';

/**
 * The tenant's directory defaults (one stream per tenant, aggregate `directory-defaults`, id
 * `directory`): the country a phone number typed the national way ("06 30 123 4567" in Hungary) and a
 * VAT number written without prefix belong to. `null` until an administrator sets it.
 */
export interface DirectoryDefaults {
  readonly defaultCountry: string | null;
}

export type DirectoryDefaultsState = DirectoryDefaults | null;

export const noDirectoryDefaults: DirectoryDefaults = { defaultCountry: null };

export type DirectoryDefaultsCommand = { type: 'SetDirectoryDefaults'; data: { defaultCountry: string | null } };

export const directoryDefaultsOf = (state: DirectoryDefaultsState): DirectoryDefaults => state ?? noDirectoryDefaults;

export const decide = (command: DirectoryDefaultsCommand, state: DirectoryDefaultsState, context: DecisionContext): DirectoryDefaultsSetEvent[] => {
  assertAdministrator(context.actor);
  const given = command.data.defaultCountry?.trim() ?? '';
  const defaultCountry = given === '' ? null : countryCode(given);
  if (defaultCountry === undefined) {
    throw invalid('defaultCountry', 'is not a country: give its ISO 3166 code or its name in Italian, English, Polish or Hungarian');
  }
  if (state !== null && state.defaultCountry === defaultCountry) return [];
  return [{ type: 'DirectoryDefaultsSet', data: { defaultCountry } }];
};

export const evolve = (_state: DirectoryDefaultsState, event: Recorded<DirectoryDefaultsSetEvent>): DirectoryDefaultsState => ({
  defaultCountry: event.data.defaultCountry,
});

export const directoryDefaultsDecider: Decider<DirectoryDefaultsCommand, DirectoryDefaultsState, DirectoryDefaultsSetEvent> = {
  initialState: null,
  decide,
  evolve,
};
