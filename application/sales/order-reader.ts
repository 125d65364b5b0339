import { canSeeOrder, salesOrderDecider, type SalesOrder } from '../../domain/sales/sales-order.ts';
import type { RecordReader } from '../shared/record-reads.ts';

export const orderReader: RecordReader<SalesOrder> = {
  aggregateType: 'order',
  decider: salesOrderDecider as RecordReader<SalesOrder>['decider'],
  canSee: canSeeOrder,
  label: 'order',
};
