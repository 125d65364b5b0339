import type { Locale } from '../access/people.ts';
import type { RelatedRecord } from '../../events/activities/activity-events.ts';

/**
 * The reminder and digest e-mails in it, en, pl and hu: plain text and HTML from the same strings,
 * times in the recipient's timezone and language. Pure: everything shown is passed in.
 */

export interface MailContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface Recipient {
  readonly name: string;
  readonly locale: Locale;
  readonly timeZone: string;
}

export interface ActivitySummary {
  readonly id: string;
  readonly type: string;
  readonly subject: string;
  readonly start: string | null;
  readonly end: string | null;
  readonly dueOn: string | null;
  readonly related: RelatedRecord | null;
  /** A display name of the related record, when the directory knows it. */
  readonly relatedName?: string | undefined;
}

const intlLocale: Record<Locale, string> = { it: 'it-IT', en: 'en-GB', pl: 'pl-PL', hu: 'hu-HU' };

interface Strings {
  readonly reminderSubject: (subject: string, when: string) => string;
  readonly greeting: (name: string) => string;
  readonly reminderIntro: string;
  readonly starts: string;
  readonly ends: string;
  readonly type: string;
  readonly related: string;
  readonly digestSubject: (date: string) => string;
  readonly digestIntro: (count: number) => string;
  readonly allDay: string;
  readonly timeZone: string;
  readonly kinds: Record<RelatedRecord['kind'], string>;
  readonly footer: string;
}

const strings: Record<Locale, Strings> = {
  it: {
    reminderSubject: (subject, when) => `Promemoria: ${subject} (${when})`,
    greeting: (name) => `Ciao ${name},`,
    reminderIntro: 'ti ricordiamo questa attività:',
    starts: 'Inizio',
    ends: 'Fine',
    type: 'Tipo',
    related: 'Relativa a',
    digestSubject: (date) => `Le tue attività di ${date}`,
    digestIntro: (count) => (count === 1 ? 'oggi hai 1 attività:' : `oggi hai ${count} attività:`),
    allDay: 'In giornata',
    timeZone: 'Fuso orario',
    kinds: { company: 'Azienda', lead: 'Lead', contact: 'Contatto', opportunity: 'Opportunità', ticket: 'Ticket' },
    footer: 'Messaggio automatico di Cronaca.',
  },
  en: {
    reminderSubject: (subject, when) => `Reminder: ${subject} (${when})`,
    greeting: (name) => `Hello ${name},`,
    reminderIntro: 'a reminder of this activity:',
    starts: 'Starts',
    ends: 'Ends',
    type: 'Type',
    related: 'Related to',
    digestSubject: (date) => `Your activities for ${date}`,
    digestIntro: (count) => (count === 1 ? 'you have 1 activity today:' : `you have ${count} activities today:`),
    allDay: 'During the day',
    timeZone: 'Time zone',
    kinds: { company: 'Company', lead: 'Lead', contact: 'Contact', opportunity: 'Opportunity', ticket: 'Ticket' },
    footer: 'Automatic message from Cronaca.',
  },
  pl: {
    reminderSubject: (subject, when) => `Przypomnienie: ${subject} (${when})`,
    greeting: (name) => `Dzień dobry ${name},`,
    reminderIntro: 'przypominamy o tym działaniu:',
    starts: 'Początek',
    ends: 'Koniec',
    type: 'Typ',
    related: 'Dotyczy',
    digestSubject: (date) => `Twoje działania na ${date}`,
    digestIntro: (count) => `liczba działań na dziś: ${count}`,
    allDay: 'W ciągu dnia',
    timeZone: 'Strefa czasowa',
    kinds: { company: 'Firma', lead: 'Lead', contact: 'Kontakt', opportunity: 'Szansa sprzedaży', ticket: 'Zgłoszenie' },
    footer: 'Wiadomość automatyczna z Cronaca.',
  },
  hu: {
    reminderSubject: (subject, when) => `Emlékeztető: ${subject} (${when})`,
    greeting: (name) => `Kedves ${name}!`,
    reminderIntro: 'emlékeztetünk erre a tevékenységre:',
    starts: 'Kezdés',
    ends: 'Befejezés',
    type: 'Típus',
    related: 'Kapcsolódik',
    digestSubject: (date) => `Teendőid: ${date}`,
    digestIntro: (count) => `mai tevékenységeid száma: ${count}`,
    allDay: 'A nap folyamán',
    timeZone: 'Időzóna',
    kinds: { company: 'Cég', lead: 'Lead', contact: 'Kapcsolattartó', opportunity: 'Lehetőség', ticket: 'Jegy' },
    footer: 'A Cronaca automatikus üzenete.',
  },
};

export const escapeHtml = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const dateTime = (instant: string, recipient: Recipient): string =>
  new Intl.DateTimeFormat(intlLocale[recipient.locale], { timeZone: recipient.timeZone, dateStyle: 'full', timeStyle: 'short' }).format(
    new Date(instant),
  );

const shortDateTime = (instant: string, recipient: Recipient): string =>
  new Intl.DateTimeFormat(intlLocale[recipient.locale], { timeZone: recipient.timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(instant),
  );

const timeOnly = (instant: string, recipient: Recipient): string =>
  new Intl.DateTimeFormat(intlLocale[recipient.locale], { timeZone: recipient.timeZone, timeStyle: 'short' }).format(new Date(instant));

/** A calendar date (no zone: it is already the recipient's) in the recipient's language. */
const longDate = (date: string, locale: Locale): string =>
  new Intl.DateTimeFormat(intlLocale[locale], { timeZone: 'UTC', dateStyle: 'full' }).format(new Date(`${date}T12:00:00Z`));

const relatedLabel = (activity: ActivitySummary, t: Strings): string | undefined => {
  if (!activity.related) return undefined;
  return `${t.kinds[activity.related.kind]}: ${activity.relatedName ?? activity.related.id}`;
};

const page = (bodyHtml: string, lang: Locale): string =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"></head><body style="font-family:sans-serif">${bodyHtml}</body></html>`;

export const renderReminder = (activity: ActivitySummary & { start: string }, recipient: Recipient): MailContent => {
  const t = strings[recipient.locale];
  const related = relatedLabel(activity, t);
  const rows: [string, string][] = [
    [t.starts, dateTime(activity.start, recipient)],
    ...(activity.end ? ([[t.ends, dateTime(activity.end, recipient)]] as [string, string][]) : []),
    [t.type, activity.type],
    ...(related ? ([[t.related, related]] as [string, string][]) : []),
    [t.timeZone, recipient.timeZone],
  ];
  const text = [
    t.greeting(recipient.name),
    t.reminderIntro,
    '',
    activity.subject,
    ...rows.map(([label, value]) => `${label}: ${value}`),
    '',
    '--',
    t.footer,
    '',
  ].join('\n');
  const html = page(
    [
      `<p>${escapeHtml(t.greeting(recipient.name))}<br>${escapeHtml(t.reminderIntro)}</p>`,
      `<h2>${escapeHtml(activity.subject)}</h2>`,
      `<table>${rows.map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join('')}</table>`,
      `<p style="color:#666">${escapeHtml(t.footer)}</p>`,
    ].join(''),
    recipient.locale,
  );
  return { subject: t.reminderSubject(activity.subject, shortDateTime(activity.start, recipient)), text, html };
};

/** Timed activities in start order, then the day's to-dos without a time. */
export const renderDigest = (date: string, activities: readonly ActivitySummary[], recipient: Recipient): MailContent => {
  const t = strings[recipient.locale];
  // Instants compare as strings (code units, not the locale's collation); untimed to-dos go last.
  const startOf = (a: ActivitySummary) => a.start ?? '\uffff';
  const ordered = [...activities].sort((a, b) => (startOf(a) < startOf(b) ? -1 : startOf(a) > startOf(b) ? 1 : a.subject.localeCompare(b.subject)));
  const lines = ordered.map((activity) => {
    const when = activity.start ? timeOnly(activity.start, recipient) : t.allDay;
    const related = relatedLabel(activity, t);
    return { when, subject: activity.subject, details: [activity.type, ...(related ? [related] : [])].join(' · ') };
  });
  const heading = longDate(date, recipient.locale);
  const text = [
    t.greeting(recipient.name),
    t.digestIntro(ordered.length),
    '',
    ...lines.map((line) => `${line.when}  ${line.subject} (${line.details})`),
    '',
    `${t.timeZone}: ${recipient.timeZone}`,
    '--',
    t.footer,
    '',
  ].join('\n');
  const html = page(
    [
      `<p>${escapeHtml(t.greeting(recipient.name))}<br>${escapeHtml(t.digestIntro(ordered.length))}</p>`,
      `<h2>${escapeHtml(heading)}</h2>`,
      `<table>${lines
        .map((line) => `<tr><td>${escapeHtml(line.when)}</td><td><strong>${escapeHtml(line.subject)}</strong><br>${escapeHtml(line.details)}</td></tr>`)
        .join('')}</table>`,
      `<p style="color:#666">${escapeHtml(t.timeZone)}: ${escapeHtml(recipient.timeZone)}<br>${escapeHtml(t.footer)}</p>`,
    ].join(''),
    recipient.locale,
  );
  return { subject: t.digestSubject(heading), text, html };
};
