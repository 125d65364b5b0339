import { describe, expect, it } from 'vitest';
import { escapeHtml, renderDigest, renderReminder } from '../../../domain/reminders/mail-templates.ts';

const activity = {
  id: 'a1',
  type: 'meeting',
  subject: 'Offerta <Rossi & Figli>',
  start: '2026-07-01T07:00:00.000Z',
  end: '2026-07-01T08:00:00.000Z',
  dueOn: null,
  related: { kind: 'company' as const, id: 'c1' },
  relatedName: 'Rossi & Figli S.p.A.',
};

describe('reminder and digest e-mails', () => {
  it.each([
    ['it', 'Europe/Rome', 'Promemoria: Offerta <Rossi & Figli> (1 lug 2026, 09:00)', 'Azienda: Rossi & Figli S.p.A.'],
    ['en', 'America/New_York', 'Reminder: Offerta <Rossi & Figli> (1 Jul 2026, 03:00)', 'Company: Rossi & Figli S.p.A.'],
    ['pl', 'Europe/Warsaw', 'Przypomnienie: Offerta <Rossi & Figli> (1 lip 2026, 09:00)', 'Firma: Rossi & Figli S.p.A.'],
    ['hu', 'Europe/Budapest', 'Emlékeztető: Offerta <Rossi & Figli> (2026. júl. 1. 9:00)', 'Cég: Rossi & Figli S.p.A.'],
    // The zone as the user named it, not the runtime's name for it (Asia/Calcutta).
    ['en', 'Asia/Kolkata', 'Reminder: Offerta <Rossi & Figli> (1 Jul 2026, 12:30)', 'Company: Rossi & Figli S.p.A.'],
  ] as const)('%s: subject, time in the zone, related record; HTML escaped', (locale, timeZone, subject, related) => {
    const mail = renderReminder(activity, { name: 'Éva <admin>', locale, timeZone });
    expect(mail.subject).toBe(subject);
    expect(mail.text).toContain(related);
    expect(mail.text).toContain(timeZone);
    expect(mail.html).toContain(`lang="${locale}"`);
    expect(mail.html).toContain('Offerta &lt;Rossi &amp; Figli&gt;');
    expect(mail.html).toContain('Éva &lt;admin&gt;');
    expect(mail.html).not.toContain('<Rossi');
  });

  it('the digest lists timed activities in order, then the day’s to-dos', () => {
    const mail = renderDigest(
      '2026-07-01',
      [
        { ...activity, id: 'b', subject: 'Later', start: '2026-07-01T14:00:00.000Z', related: null },
        { ...activity, id: 'c', subject: 'To-do', start: null, end: null, dueOn: '2026-07-01', related: null },
        { ...activity, id: 'a', subject: 'Early', start: '2026-07-01T06:00:00.000Z' },
      ],
      { name: 'Anna', locale: 'it', timeZone: 'Europe/Rome' },
    );
    expect(mail.subject).toBe('Le tue attività di mercoledì 1 luglio 2026');
    const lines = mail.text.split('\n').filter((line) => line.includes('  '));
    expect(lines).toEqual(['08:00  Early (meeting · Azienda: Rossi & Figli S.p.A.)', '16:00  Later (meeting)', 'In giornata  To-do (meeting)']);
    expect(escapeHtml(`"'`)).toBe('&quot;&#39;');
  });
});
