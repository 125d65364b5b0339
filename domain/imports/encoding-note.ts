import type { EncodingChoice } from '../../events/imports/import-events.ts';

const languages = { it: 'Italian', en: 'English', pl: 'Polish', hu: 'Hungarian' } as const;
const whose = { uploader: "the uploader's declared language", requester: "your profile's language", tenant: "the language of the tenant's users" } as const;

/** Why the job reads its file in that encoding, in a sentence for the person who started it. */
export const encodingNote = (encoding: string, choice: EncodingChoice | null): string => {
  if (!choice) return `read as ${encoding}`;
  switch (choice.by) {
    case 'bom':
      return 'read as UTF-8: the file starts with a UTF-8 byte-order mark';
    case 'declared':
      return `read as ${encoding}, as declared in options.encoding`;
    case 'utf-8':
      return 'read as UTF-8: its bytes are valid UTF-8';
    case 'paste':
      return 'pasted text is Unicode already: read as sent (options.encoding applies to files only)';
    case 'locale':
      return (
        `the file is not UTF-8: read as ${encoding}, what ${languages[choice.locale!]} spreadsheets save (${whose[choice.of!]}, ${choice.locale}); ` +
        'if letters look wrong, import it again with options.encoding'
      );
  }
};
