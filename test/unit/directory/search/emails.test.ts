import { describe, expect, it } from 'vitest';
import { normaliseEmail } from '../../../../domain/directory/search/emails.ts';

describe('normaliseEmail', () => {
  it.each([
    ['sales@fiat.it', 'sales@fiat.it'],
    ['  Sales@FIAT.IT ', 'sales@fiat.it'],
    ['mailto:Sales@Fiat.it', 'sales@fiat.it'],
    ['<sales@fiat.it>', 'sales@fiat.it'],
    ['mario.rossi+crm@fiat.it', 'mario.rossi+crm@fiat.it'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseEmail(input)).toBe(expected);
  });

  it.each([[''], ['sales'], ['sales@'], ['@fiat.it'], ['sales @fiat.it']])('refuses %j', (input) => {
    expect(normaliseEmail(input)).toBeNull();
  });
});
