/** The report renderer (contract/contexts/reports.ts `reportRenderer`). STUB: the jobs work package fills it. */
export const handler = async (): Promise<void> => {
  throw new Error('not implemented yet');
};
