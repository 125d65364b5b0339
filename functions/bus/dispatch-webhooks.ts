import type { EventBridgeEvent } from 'aws-lambda';

/** The webhook dispatcher (contract/contexts/integrations.ts). Built by wp17-pipeline; until then it takes no action. */
export const handler = async (_event: EventBridgeEvent<string, unknown>): Promise<void> => {};
