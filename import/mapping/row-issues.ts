import type { z } from 'zod';
import { importFields, type ImportKind } from '../../domain/imports/import-fields.ts';
import type { Column } from './columns.ts';

/**
 * Why a row is rejected, in words a person reads in the errors file: the column as the file's header
 * names it, the value as written, and what is wrong — `Email: "foo" is not an e-mail address`,
 * `Ragione sociale: required`. The texts zod and the deciders give are written for API clients and
 * name body paths (`legalName: Invalid input: expected string, received undefined`); here zod's
 * issues are worded from their code, the deciders' sentences (which follow the field name: "is not a
 * phone number", "must not be blank") are given the value they speak of, and paths become columns.
 */

/** Where a value of the create body came from: the column (its header in the file) and the cell's text (or the list item's). */
export interface CellSource {
  readonly column: string;
  readonly value: string;
}

/** Body path (`emails.1`, `addresses.0.city`, `customFields.sector`, `code`) → where its value came from. */
export type CellSources = ReadonlyMap<string, CellSource>;

/** Few enough allowed values to list them in a reason. */
const fewValues = 12;

/** A value as quoted in a reason; a long one is cut (the errors file has the whole row next to it). */
export const quoted = (value: string): string => `"${value.length > 60 ? `${value.slice(0, 57)}…` : value}"`;

/** "one of a, b, c" when there are few, else "one of the 40 allowed values". */
export const oneOf = (values: readonly unknown[]): string =>
  values.length <= fewValues ? `one of ${values.map(String).join(', ')}` : `one of the ${values.length} allowed values`;

const addressFields = ['street', 'street2', 'postcode', 'city', 'region', 'country'];

/** The import fields a body path is filled from. */
const fieldsOfPath = (path: string): string[] => {
  const [root = '', second, third] = path.split('.');
  switch (root) {
    case 'emails':
      return ['email'];
    case 'phones':
      return ['phone', 'mobile', 'fax'];
    case 'addresses':
      return third ? [third] : addressFields;
    case 'address':
      return second ? [second] : addressFields;
    case 'customFields':
      return [`customFields.${second}`];
    default:
      return [root];
  }
};

export interface RowDescriber {
  /** The column a body path comes from, as the file's header names it (else the field's English label). */
  column(path: string): string;
  /** The cell text (or list item) a body path holds, if the row had one. */
  value(path: string): string | undefined;
  /** `<column>: <message>`; an issue about the row as a whole (path '') is the message alone. */
  issue(path: string, message: string): string;
  /** A zod issue of the create/update body, worded from its code. */
  zodIssue(issue: z.core.$ZodIssue): string;
  /** An issue the directory's deciders raised (422), with the value it speaks of. */
  domainIssue(path: string, message: string): string;
}

/**
 * Describes the issues of one row. `sources` is read lazily: the gateway's rejections (rare) need it,
 * the row mapping has it at hand.
 */
export const rowDescriber = (kind: ImportKind, columns: readonly Column[], readSources: () => CellSources): RowDescriber => {
  let read: CellSources | undefined;
  const sources = () => (read ??= readSources());
  const sourceOf = (path: string): CellSource | undefined => {
    const parts = path.split('.');
    for (let length = parts.length; length > 0; length--) {
      const source = sources().get(parts.slice(0, length).join('.'));
      if (source) return source;
    }
    return undefined;
  };
  const column = (path: string): string => {
    const source = sourceOf(path);
    if (source) return source.column;
    const candidates = fieldsOfPath(path);
    const found = columns.find((c) => candidates.includes(c.field.name));
    if (found) return found.header;
    return importFields[kind].find((field) => candidates.includes(field.name))?.labels.en ?? path;
  };
  const value = (path: string): string | undefined => sourceOf(path)?.value;
  const issue = (path: string, message: string): string => (path === '' ? message : `${column(path)}: ${message}`);
  return {
    column,
    value,
    issue,
    zodIssue: (zod) => {
      const path = zod.path.map(String).join('.');
      return issue(path, zodIssueText(zod, value(path)));
    },
    domainIssue: (path, message) => issue(path, domainIssueText(message, value(path))),
  };
};

const typeNames: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'yes or no',
  array: 'a list',
  object: 'a group of fields',
  date: 'a date',
};

const formatNames: Record<string, string> = {
  email: 'an e-mail address',
  url: 'a web address',
  datetime: 'a date and time',
  date: 'a date (yyyy-mm-dd)',
  time: 'a time',
  uuid: 'an id',
  regex: 'in the expected format',
};

/** A zod issue about a value of the row (`value`: the cell's text, absent when the cell was empty). */
export const zodIssueText = (issue: z.core.$ZodIssue, value: string | undefined): string => {
  const it = value === undefined ? 'the value' : quoted(value);
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined ? 'required' : `${it} is not ${typeNames[issue.expected] ?? issue.expected}`;
    case 'too_small':
      if (value === undefined || (issue.origin === 'string' && Number(issue.minimum) <= 1)) return 'required';
      if (issue.origin === 'string') return `${it} is too short (at least ${issue.minimum} characters)`;
      if (issue.origin === 'array' || issue.origin === 'set') return `give at least ${issue.minimum} values`;
      return `${it} is too small (at least ${issue.minimum})`;
    case 'too_big':
      if (issue.origin === 'string') return `${it} is too long (at most ${issue.maximum} characters)`;
      if (issue.origin === 'array' || issue.origin === 'set') return `too many values (at most ${issue.maximum})`;
      return `${it} is too large (at most ${issue.maximum})`;
    case 'invalid_format':
      return `${it} is not ${formatNames[issue.format] ?? `a valid ${issue.format}`}`;
    case 'invalid_value':
      return `${it} is not ${oneOf(issue.values)}`;
    case 'custom':
      // Our own refinements say what they mean.
      return issue.message;
    default:
      return `${it} is not valid here`;
  }
};

/**
 * A decider's sentence about a field ("is not a valid IT VAT number", "must be at most 200
 * characters", "must not be blank", "required") with the value it is about.
 */
export const domainIssueText = (message: string, value: string | undefined): string => {
  if (message === 'must not be blank' || message === 'required') return 'required';
  const longest = /^must be at most (\d+) characters$/.exec(message);
  if (longest && value !== undefined) return `${quoted(value)} is too long (at most ${longest[1]} characters)`;
  if (value !== undefined && /^(is|must) /.test(message)) return `${quoted(value)} ${message}`;
  return message;
};
