import type { CatalogueSetEvent } from '../../events/administration/settings-events.ts';
import { assertAdministrator } from '../access/administration.ts';
import { sameValue } from '../shared/canonical-json.ts';
import type { DecisionContext, Decider, Recorded } from '../shared/decider.ts';
import { DomainError, type FieldIssue } from '../shared/errors.ts';
import { defaultCatalogues, type Catalogue, type CatalogueEntry, type CatalogueName } from './catalogues.ts';
import { labelsOf, type LabelsInput } from './labels.ts';

/**
 * One aggregate per tenant catalogue (id = the catalogue's name). `null` until an administrator sets
 * it: the tenant then has `defaultCatalogues`. Setting a catalogue replaces its list and enforces it.
 */
export type CatalogueState = Catalogue | null;

export interface CatalogueEntryInput {
  readonly value: string;
  readonly labels?: LabelsInput;
  readonly active?: boolean;
}

export type CatalogueCommand = { type: 'SetCatalogue'; data: { name: CatalogueName; entries: readonly CatalogueEntryInput[] } };

/** Values are stored on records: short, lower-case, digits, `_` and `-` (e.g. `in_progress`). */
const valuePattern = /^[a-z0-9][a-z0-9_-]{0,49}$/;
export const maxCatalogueEntries = 200;

/** The catalogue the tenant has now: the one it set, or the default. */
export const catalogueOf = (name: CatalogueName, state: CatalogueState): Catalogue => state ?? defaultCatalogues[name];

const entriesOf = (input: readonly CatalogueEntryInput[], current: Catalogue): CatalogueEntry[] => {
  const issues: FieldIssue[] = [];
  if (input.length > maxCatalogueEntries) issues.push({ path: 'entries', message: `at most ${maxCatalogueEntries} entries` });
  const seen = new Set<string>();
  const entries = input.map((entry, index): CatalogueEntry => {
    const value = entry.value.trim();
    if (!valuePattern.test(value)) {
      issues.push({ path: `entries.${index}.value`, message: 'must be 1 to 50 lower-case letters, digits, _ or -, starting with a letter or digit' });
    } else if (seen.has(value)) {
      issues.push({ path: `entries.${index}.value`, message: `duplicate value ${value}` });
    }
    seen.add(value);
    return { value, labels: labelsOf(`entries.${index}.labels`, entry.labels, issues), active: entry.active ?? true };
  });
  // Records keep the values they were given: a value leaves the list only by being deactivated.
  const dropped = current.entries.filter((entry) => !seen.has(entry.value)).map((entry) => entry.value);
  if (dropped.length > 0) {
    issues.push({ path: 'entries', message: `values cannot be removed, only deactivated (active: false): ${dropped.join(', ')}` });
  }
  if (issues.length > 0) throw new DomainError('invalid', issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  return entries;
};

export const decide = (command: CatalogueCommand, state: CatalogueState, context: DecisionContext): CatalogueSetEvent[] => {
  assertAdministrator(context.actor);
  const { name } = command.data;
  const current = catalogueOf(name, state);
  const entries = entriesOf(command.data.entries, current);
  if (state !== null && sameValue(entries, state.entries)) return [];
  return [{ type: 'CatalogueSet', data: { name, entries } }];
};

export const evolve = (_state: CatalogueState, event: Recorded<CatalogueSetEvent>): CatalogueState => ({
  name: event.data.name,
  enforced: true,
  entries: event.data.entries,
});

export const catalogueDecider: Decider<CatalogueCommand, CatalogueState, CatalogueSetEvent> = { initialState: null, decide, evolve };
