import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

/** The webhook sender (contract/contexts/integrations.ts). Built by wp17-pipeline. */
export const handler = async (_event: SQSEvent): Promise<SQSBatchResponse> => {
  throw new Error('the webhook sender is not built yet');
};
