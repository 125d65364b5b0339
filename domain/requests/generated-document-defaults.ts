/**
 * What a document generated from a customer request takes from it when the caller does not say
 * (issue 14: "pre-filled from the request"). Pure: the application passes the day and the request.
 */

/** A ticket's or a meeting's subject when none is given: the start of the request's description. */
export const subjectMax = 80;

/**
 * The first line of the description, blanks collapsed, cut at the last word boundary before
 * `subjectMax` characters with an ellipsis (a single overlong word is cut where it must be). A request's
 * description is never blank, so neither is the subject.
 */
export const subjectFrom = (description: string): string => {
  const firstLine = description.trim().split(/\r?\n/, 1)[0]!.replace(/\s+/g, ' ').trim();
  if (firstLine.length <= subjectMax) return firstLine;
  const cut = firstLine.slice(0, subjectMax - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > subjectMax / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
};

/** How long a generated quote is valid when the caller gives no `validUntil`. */
export const quoteValidityDays = 30;
