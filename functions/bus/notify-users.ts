/** The collaboration notifier (contract/contexts/collaboration.ts `collaborationNotifier`). STUB: the messages helper fills it. */
export const handler = async (): Promise<void> => {
  throw new Error('not implemented yet');
};
