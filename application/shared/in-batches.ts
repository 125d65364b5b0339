/**
 * The items `keep` answers true for, in their order, asking for at most `batchSize` at once: one
 * strongly consistent read per item (a user's or member's stream) stays bounded however long the list.
 */
export const filterInBatches = async <T>(items: readonly T[], batchSize: number, keep: (item: T) => Promise<boolean>): Promise<T[]> => {
  const kept: T[] = [];
  for (let start = 0; start < items.length; start += batchSize) {
    const chunk = items.slice(start, start + batchSize);
    const answers = await Promise.all(chunk.map(keep));
    chunk.forEach((item, index) => {
      if (answers[index]) kept.push(item);
    });
  }
  return kept;
};
