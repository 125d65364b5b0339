/**
 * The client card (Talete's "Scheda cliente", MiniCRM's data sheet): a company and everything linked
 * to it, in sections. Each linked record is one small card item of the company's item collection, so
 * the whole card is read from one partition; a section pages on its own.
 */
export const cardSections = [
  'contacts',
  /** Activities still to do, soonest due first. */
  'todo',
  /** Activities done (or cancelled), newest first. */
  'history',
  'tickets',
  'requests',
  'opportunities',
  'quotes',
  'orders',
  'interactions',
  'notes',
] as const;
export type CardSection = (typeof cardSections)[number];

/** The record types a card item stands for. */
export type CardRecordType = 'contact' | 'activity' | 'ticket' | 'request' | 'opportunity' | 'quote' | 'order' | 'interaction' | 'note';

/** An exact amount: decimal text (never a float) and its ISO 4217 currency. */
export interface CardAmount {
  readonly amount: string;
  readonly currency: string;
}

/** One linked record as the card shows it: the same small shape in every section. */
export interface CardItem {
  readonly type: CardRecordType;
  readonly id: string;
  /** The record's number or code as users quote it (ticket 42, quote 2026/7, order…), when it has one. */
  readonly number: string | null;
  /** Name, subject or first words: what the record is. */
  readonly title: string;
  /** The record's status as its own list shows it (open, done, won, sent…); null where it has none. */
  readonly status: string | null;
  /** The section's date: due (to-do), done (history), opened, created, expected close, valid until… */
  readonly date: string | null;
  readonly amount: CardAmount | null;
  /** Who is responsible for it (assignee, owner, operator, responsible); null: nobody. */
  readonly responsibleId: string | null;
  /** Where the record itself is read (`/v1/tickets/{id}`…); null for entries that are not records of their own. */
  readonly link: string | null;
}

export interface CardSectionPage {
  readonly items: readonly CardItem[];
  /** How many items the section holds for the reader (what they may see). */
  readonly count: number;
  readonly nextCursor: string | null;
}
