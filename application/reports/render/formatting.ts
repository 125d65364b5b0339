import type { ReportLocale } from '../../../events/reports/report-events.ts';

/** The BCP 47 locale Intl formats a report's locale with (Italy, UK English, Poland, Hungary). */
export const intlLocaleOf: Readonly<Record<ReportLocale, string>> = { it: 'it-IT', en: 'en-GB', pl: 'pl-PL', hu: 'hu-HU' };

/** Decimals of the currencies sales use (events/sales/sales-values.ts); any other: Intl's own. */
const fixedDecimals: Readonly<Record<string, number>> = { HUF: 0, JPY: 0 };

/**
 * Every date, time and number a report prints, through Intl in the requester's locale and time zone.
 * Amounts stay exact: they are decimal text in the log and Intl.NumberFormat formats a numeric STRING
 * as the decimal it is (no float on the way), to the currency's decimals.
 */
export interface ReportFormats {
  readonly locale: ReportLocale;
  readonly timeZone: string;
  /** `2026-03-14T09:05:00Z` → `14/03/2026, 10:05` (it, Europe/Rome). */
  dateTime(iso: string): string;
  /** The time of day only: `10:05`. */
  time(iso: string): string;
  /** The calendar day the instant falls on in the time zone, `YYYY-MM-DD` (to group by day). */
  dayOf(iso: string): string;
  /** A calendar day (`YYYY-MM-DD`, no time zone) written in full: `sabato 14 marzo 2026`. */
  longDay(day: string): string;
  /** A calendar day, short: `14/03/2026`. */
  day(day: string): string;
  /** A decimal text as a number: `1234.5` → `1.234,5`. */
  number(decimal: string | number): string;
  /** A decimal text as money: `1234.5`, `EUR` → `1.234,50 €`. */
  money(decimal: string, currency: string): string;
  /** A decimal text as a percentage: `22` → `22%`. */
  percent(decimal: string): string;
}

const dayParts = (day: string): Date => new Date(`${day}T12:00:00Z`);

export const reportFormats = (locale: ReportLocale, timeZone: string): ReportFormats => {
  const tag = intlLocaleOf[locale];
  const dateTimeFormat = new Intl.DateTimeFormat(tag, { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  const timeFormat = new Intl.DateTimeFormat(tag, { timeZone, hour: '2-digit', minute: '2-digit' });
  const dayKeyFormat = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const longDayFormat = new Intl.DateTimeFormat(tag, { timeZone: 'UTC', dateStyle: 'full' });
  const dayFormat = new Intl.DateTimeFormat(tag, { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });
  const numberFormat = new Intl.NumberFormat(tag, { maximumFractionDigits: 20 });
  const moneyFormats = new Map<string, Intl.NumberFormat>();
  // The currency's decimals at least (1.5 EUR → 1,50 €), and every decimal the text has beyond them:
  // a unit price of 33.333 EUR is printed as recorded, never rounded by the document.
  const moneyFormat = (currency: string, textDecimals: number): Intl.NumberFormat => {
    const key = `${currency}:${textDecimals}`;
    let format = moneyFormats.get(key);
    if (!format) {
      const fixed = fixedDecimals[currency] ?? new Intl.NumberFormat(tag, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
      const decimals = Math.max(fixed, textDecimals);
      format = new Intl.NumberFormat(tag, { style: 'currency', currency, minimumFractionDigits: fixed, maximumFractionDigits: decimals });
      moneyFormats.set(key, format);
    }
    return format;
  };
  const percentFormat = new Intl.NumberFormat(tag, { maximumFractionDigits: 20 });
  // Intl.NumberFormat.format takes a numeric string and keeps it exact (ECMA-402 "Intl.NumberFormat v3").
  const exact = (decimal: string | number) => decimal as unknown as number;
  return {
    locale,
    timeZone,
    dateTime: (iso) => dateTimeFormat.format(new Date(iso)),
    time: (iso) => timeFormat.format(new Date(iso)),
    dayOf: (iso) => dayKeyFormat.format(new Date(iso)),
    longDay: (day) => longDayFormat.format(dayParts(day)),
    day: (day) => dayFormat.format(dayParts(day)),
    number: (decimal) => numberFormat.format(exact(decimal)),
    money: (decimal, currency) => moneyFormat(currency, decimal.split('.')[1]?.length ?? 0).format(exact(decimal)),
    percent: (decimal) => `${percentFormat.format(exact(decimal))}${locale === 'en' ? '%' : '\u00a0%'}`,
  };
};
