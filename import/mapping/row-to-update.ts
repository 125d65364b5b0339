import { phoneColumnOf, type ImportKind } from '../../domain/imports/import-fields.ts';
import { sameValue } from '../../domain/shared/canonical-json.ts';
import type { CustomFieldValue, CustomFieldValues } from '../../domain/settings/custom-fields.ts';
import type { Address, Email, Phone } from '../../events/directory/company-events.ts';
import type { ContactAddress } from '../../events/directory/contact-events.ts';
import type { ImportInputs } from './row-to-input.ts';

/**
 * Update and upsert modes: a row (read by `row-to-input.ts` as the create body) → the body of the
 * update route for the record it matched. The row changes only what its cells say:
 *
 * - an empty cell changes nothing (it is not in the row at all);
 * - single values and lists (tags, categories…) given replace the record's;
 * - contact data merges into the record instead of replacing it: each phone column updates the
 *   record's phones of its types (`phoneColumnOf`), the e-mail column its e-mails (all types), with
 *   `mergeColumn` — types, order and the other columns' entries kept; the address columns update the
 *   lines they give of the record's address (a company's first one, keeping its type and the others);
 * - a custom-field value equal to the record's once read as a cell (surrounding blanks, repeated list
 *   items) is left out: the cell shows the record's value, it does not change it.
 *
 * So a file exported from the records (`record-to-row.ts`) imports back without a change, and a cell
 * edited in it changes that value and nothing else. The directory's update command still decides.
 */
export interface CurrentRecord {
  readonly phones?: readonly Phone[];
  readonly emails?: readonly Email[];
  readonly addresses?: readonly Address[];
  readonly address?: ContactAddress | null;
  readonly customFields?: CustomFieldValues;
}

/** The parts of a row's body `rowToUpdate` merges, whatever the kind. */
interface Mergeable {
  phones?: Phone[];
  emails?: Email[];
  addresses?: Address[];
  address?: ContactAddress | null;
  customFields?: Record<string, CustomFieldValue>;
}

/**
 * One column's values merged into the record's list. `held` picks the entries the column shows;
 * `key` is what makes two entries the same value. Held entries whose value is in the cell stay as
 * they are; the cell's new values take, in order, the places of the held entries no longer in it (an
 * edited number keeps its type and position); new values left over are added at the end, held entries
 * left over are removed. Entries the column does not hold are kept where they are.
 */
export const mergeColumn = <T>(
  current: readonly T[],
  held: (entry: T) => boolean,
  cell: readonly T[],
  key: (entry: T) => string,
  edit: (entry: T, value: T) => T,
): T[] => {
  const inCell = new Set(cell.map(key));
  const present = new Set(current.filter(held).map(key));
  const fresh = [...new Map(cell.filter((value) => !present.has(key(value))).map((value) => [key(value), value])).values()];
  const merged: T[] = [];
  for (const entry of current) {
    if (!held(entry) || inCell.has(key(entry))) merged.push(entry);
    else {
      const value = fresh.shift();
      if (value !== undefined) merged.push(edit(entry, value));
    }
  }
  return [...merged, ...fresh];
};

const phoneKey = (phone: Phone) => phone.number.trim();
const emailKey = (email: Email) => email.address.trim().toLowerCase();

/** The row's phones, column by column (in the order the row has them), merged into the record's. */
const mergePhones = (current: readonly Phone[], row: readonly Phone[]): Phone[] => {
  let phones = [...current];
  for (const column of new Set(row.map((phone) => phoneColumnOf(phone.type)))) {
    const held = (phone: Phone) => phoneColumnOf(phone.type) === column;
    phones = mergeColumn(phones, held, row.filter(held), phoneKey, (phone, value) => ({ ...phone, number: value.number }));
  }
  return phones;
};

/** A stored custom-field value as a cell would read it back: trimmed, list items without blanks and repeats. */
const asRead = (value: CustomFieldValue): CustomFieldValue => {
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value)) return [...new Set(value.map((item: string) => item.trim()).filter((item: string) => item !== ''))];
  return value;
};

export function rowToUpdate<K extends ImportKind>(kind: K, row: ImportInputs[K], record: CurrentRecord): Record<string, unknown> {
  const input = row as Mergeable;
  const body: Record<string, unknown> = { ...row };
  if (input.phones) body['phones'] = mergePhones(record.phones ?? [], input.phones);
  if (input.emails) {
    body['emails'] = mergeColumn(record.emails ?? [], () => true, input.emails, emailKey, (email, value) => ({ ...email, address: value.address }));
  }
  if (kind === 'companies' && input.addresses?.[0]) {
    // The address columns are the first address's: its other lines, its type and the other addresses stay.
    const [first, ...others] = record.addresses ?? [];
    const { type: _, ...lines } = input.addresses[0];
    body['addresses'] = first ? [{ ...first, ...lines }, ...others] : input.addresses;
  }
  if (kind !== 'companies' && input.address) body['address'] = { ...record.address, ...input.address };
  if (input.customFields) {
    const current = record.customFields ?? {};
    const changed = Object.entries(input.customFields).filter(([key, value]) => !sameValue(value, asRead(current[key] ?? null)));
    if (changed.length > 0) body['customFields'] = Object.fromEntries(changed);
    else delete body['customFields'];
  }
  return body;
}

/**
 * A body path of the update `rowToUpdate` made from `row` → the path of the same value in the row
 * (the create body whose cells `row-issues.ts` traces), so an issue the directory raises about the
 * update names the cell it came from: a merged phone or e-mail is found in the row by its value; one
 * the row did not give (the record's own), or a company's other address, is named by its list alone.
 */
export const rowPathOf = (row: Record<string, unknown>, update: Record<string, unknown>, path: string): string => {
  const [root = '', index, ...rest] = path.split('.');
  if (index === undefined) return path;
  const find = <T>(key: (entry: T) => string): string => {
    const entry = (update[root] as T[] | undefined)?.[Number(index)];
    const at = entry === undefined ? -1 : ((row[root] as T[] | undefined) ?? []).findIndex((value) => key(value) === key(entry));
    return at < 0 ? root : [root, String(at), ...rest].join('.');
  };
  if (root === 'phones') return find(phoneKey);
  if (root === 'emails') return find(emailKey);
  if (root === 'addresses' && index !== '0') return root;
  return path;
};
