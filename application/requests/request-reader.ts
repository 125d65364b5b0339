import { requestDecider, type CustomerRequest } from '../../domain/requests/request.ts';
import { canSeeRequest } from '../../domain/requests/request-policy.ts';
import type { RecordReader } from '../shared/record-reads.ts';

export const requestReader: RecordReader<CustomerRequest> = {
  aggregateType: 'request',
  decider: requestDecider as RecordReader<CustomerRequest>['decider'],
  canSee: canSeeRequest,
  label: 'request',
};
