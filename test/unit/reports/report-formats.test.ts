import { describe, expect, it } from 'vitest';
import { summaryLine } from '../../../application/reports/render/event-summary.ts';
import { reportFormats } from '../../../application/reports/render/formatting.ts';

describe('report formats (Intl, exact amounts)', () => {
  it('formats money from its decimal text exactly, to the currency decimals, in each locale', () => {
    // 17 significant digits: a float would print …568 or round the cents.
    expect(reportFormats('it', 'UTC').money('12345678901234567.89', 'EUR')).toBe('12.345.678.901.234.567,89\u00a0€');
    expect(reportFormats('en', 'UTC').money('0.1', 'EUR')).toBe('€0.10');
    expect(reportFormats('pl', 'UTC').money('1234.5', 'PLN')).toBe('1234,50\u00a0zł');
    expect(reportFormats('hu', 'UTC').money('1234567', 'HUF')).toBe('1\u00a0234\u00a0567\u00a0Ft');
    // A unit price recorded with more decimals than the currency has keeps them all.
    expect(reportFormats('it', 'UTC').money('33.333', 'EUR')).toBe('33,333\u00a0€');
    expect(reportFormats('en', 'UTC').money('-0.5', 'JPY')).toBe('-JP¥0.5');
  });

  it('writes instants in the requester time zone and groups them by its calendar day', () => {
    const warsaw = reportFormats('pl', 'Europe/Warsaw');
    expect(warsaw.dateTime('2026-03-14T23:30:00Z')).toBe('15.03.2026, 00:30');
    expect(warsaw.dayOf('2026-03-14T23:30:00Z')).toBe('2026-03-15');
    expect(reportFormats('en', 'America/New_York').dayOf('2026-03-15T03:30:00Z')).toBe('2026-03-14');
    expect(reportFormats('it', 'Europe/Rome').longDay('2026-03-14')).toBe('sabato 14 marzo 2026');
    expect(reportFormats('hu', 'Europe/Budapest').longDay('2026-03-14')).toBe('2026. március 14., szombat');
  });

  it('names the fixed statuses in the locale, and leaves a tenant’s own status keys as written', () => {
    expect(summaryLine({ activityId: 'a', from: 'planned', to: 'done' }, reportFormats('pl', 'UTC'))).toBe('Z: zaplanowane · Na: wykonane');
    expect(summaryLine({ requestId: 'r', status: 'waiting_supplier' }, reportFormats('hu', 'UTC'))).toBe('Állapot: waiting_supplier');
  });

  it('summarises event data for a reader: no ids, words in the locale, money with its currency, long text cut', () => {
    const formats = reportFormats('it', 'Europe/Rome');
    const line = summaryLine({ opportunityId: 'op-1', amount: '12500.5', currency: 'EUR', dueAt: '2026-03-14T09:05:00Z', note: 'x'.repeat(400) }, formats);
    expect(line).toContain('Importo: 12.500,50\u00a0€');
    expect(line).toContain('Scadenza: 14/03/2026, 10:05');
    expect(line).not.toContain('op-1');
    expect(line).not.toContain('Valuta');
    expect(line).toContain('x'.repeat(159) + '…');
    expect(line).not.toContain('x'.repeat(161));
  });
});
