/**
 * The `@<userId>` tokens of a board message, in order of appearance, each once. A mention starts at
 * the beginning of the text or after a character that cannot be part of a word or an e-mail address
 * (`anna@example.com` mentions nobody); the id is what record ids are made of (contract/http/common.ts).
 * Which of them are users is the application's question (active users of the tenant, on the log).
 */
const mentionPattern = /(?<![A-Za-z0-9_.@-])@([A-Za-z0-9][A-Za-z0-9_-]{0,99})/g;

/** At most this many mentions are looked up per message: the rest stays plain text. */
export const maxMentions = 50;

export const mentionCandidates = (body: string): string[] => [...new Set([...body.matchAll(mentionPattern)].map((match) => match[1]!))].slice(0, maxMentions);
