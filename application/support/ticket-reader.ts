import { ticketDecider, type Ticket } from '../../domain/support/ticket.ts';
import { canSeeTicket } from '../../domain/support/ticket-policy.ts';
import type { RecordReader } from '../shared/record-reads.ts';

export const ticketReader: RecordReader<Ticket> = {
  aggregateType: 'ticket',
  decider: ticketDecider as RecordReader<Ticket>['decider'],
  canSee: canSeeTicket,
  label: 'ticket',
};
