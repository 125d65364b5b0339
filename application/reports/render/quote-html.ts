import type { ReportLocale } from '../../../events/reports/report-events.ts';
import type { PdfDocument } from '../../ports/pdf-renderer.ts';
import type { QuoteView } from '../../sales/quote-view.ts';
import { reportFormats } from './formatting.ts';
import { escapeHtml, footerBand, headerBand, htmlDocument } from './html.ts';
import { reportLabels } from './report-labels.ts';

/** What a quote document shows besides the quote: who it is addressed to, and who sends it. */
export interface QuoteParties {
  readonly customer: { readonly name: string; readonly code: string | null; readonly vatNumber: string | null; readonly address: string | null };
  readonly contact: { readonly name: string; readonly email: string | null } | null;
  readonly operator: { readonly name: string; readonly email: string | null } | null;
}

/**
 * A quote as the document a salesperson sends: number and revision, date, the customer (name, code,
 * VAT number, address) and the person it is for, who makes the offer, validity, the lines (code,
 * description, quantity, unit price, discount, VAT rate, net) or the single amount, the totals per VAT
 * rate and the grand total, then the description as notes and the terms. Every amount is the quote's
 * own decimal text, formatted by Intl (never recomputed, never a float): the PDF says what was recorded.
 */
export const quoteHtml = (
  quote: QuoteView,
  parties: QuoteParties,
  settings: { readonly locale: ReportLocale; readonly timeZone: string; readonly generatedAt: string },
): PdfDocument => {
  const labels = reportLabels[settings.locale];
  const q = labels.quote;
  const formats = reportFormats(settings.locale, settings.timeZone);
  const e = escapeHtml;
  const money = (decimal: string) => e(formats.money(decimal, quote.currency));
  const documentDate = formats.dayOf(quote.sentAt ?? settings.generatedAt);

  const facts: [string, string][] = [
    [q.reference, quote.reference],
    [q.revision, formats.number(quote.revision)],
    [q.date, formats.day(documentDate)],
    [q.validFrom, formats.day(quote.validFrom)],
    [q.validUntil, formats.day(quote.validUntil)],
  ];
  const contact = parties.contact ?? (quote.contact?.name ? { name: quote.contact.name, email: quote.contact.email } : null);
  const customer = parties.customer;
  const customerLines = [
    `<strong>${e(customer.name)}</strong>`,
    customer.code ? `${e(labels.code)}: ${e(customer.code)}` : null,
    customer.vatNumber ? `${e(labels.vatNumber)}: ${e(customer.vatNumber)}` : null,
    customer.address ? e(customer.address) : null,
  ].filter((line): line is string => line !== null);
  const person = (who: { readonly name: string; readonly email: string | null }) => `${e(who.name)}${who.email ? `<br>${e(who.email)}` : ''}`;
  const addressed =
    `<section aria-labelledby="customer"><h2 id="customer">${e(q.customer)}</h2><p>${customerLines.join('<br>')}</p>` +
    (contact ? `<p><span class="muted">${e(q.contact)}:</span> ${person(contact)}</p>` : '') +
    (parties.operator ? `<p><span class="muted">${e(q.operator)}:</span> ${person(parties.operator)}</p>` : '') +
    '</section>';

  const head = `<header><h1>${e(labels.quoteTitle)} ${e(quote.reference)}${quote.status === 'draft' ? ` <span class="muted">(${e(q.draft)})</span>` : ''}</h1><dl>${facts
    .map(([term, value]) => `<dt>${e(term)}</dt><dd>${e(value)}</dd>`)
    .join('')}</dl></header>`;

  const pricing = quote.pricing;
  const lineRows =
    pricing.mode === 'lines'
      ? pricing.lines
          .map(
            (line, index) =>
              `<tr><td class="num">${e(formats.number(index + 1))}</td><td>${e(line.productCode ?? '')}</td><th scope="row">${e(line.description)}</th>` +
              `<td class="num">${e(formats.number(line.quantity))}</td><td class="num">${money(line.unitPrice)}</td>` +
              `<td class="num">${line.discountPercent === '0' ? '' : e(formats.percent(line.discountPercent))}</td>` +
              `<td class="num">${line.vatRate === null ? '' : e(formats.percent(line.vatRate))}</td><td class="num">${money(line.net)}</td></tr>`,
          )
          .join('')
      : `<tr><td class="num">1</td><td></td><th scope="row">${e(quote.description)}</th><td class="num">${e(formats.number(1))}</td><td class="num">${money(pricing.amount)}</td>` +
        `<td class="num"></td><td class="num">${e(formats.percent(pricing.vatRate))}</td><td class="num">${money(pricing.amount)}</td></tr>`;
  const lines =
    `<section aria-labelledby="lines"><h2 id="lines">${e(q.lines)}</h2><table><caption class="quiet">${e(q.lines)}</caption><thead><tr>` +
    [
      [q.position, true],
      [q.productCode, false],
      [q.description, false],
      [q.quantity, true],
      [q.unitPrice, true],
      [q.discount, true],
      [q.vatRate, true],
      [q.net, true],
    ]
      .map(([label, numeric]) => `<th scope="col"${numeric ? ' class="num"' : ''}>${e(label as string)}</th>`)
      .join('') +
    `</tr></thead><tbody>${lineRows}</tbody></table></section>`;

  const totals = quote.totals;
  const totalRows = [
    `<tr><th scope="row">${e(q.netTotal)}</th><td class="num">${money(totals.net)}</td></tr>`,
    ...totals.vat.map(
      (rate) =>
        `<tr><th scope="row">${e(q.vatAt)} ${e(formats.percent(rate.rate))} <span class="muted">(${money(rate.base)})</span></th><td class="num">${money(rate.vat)}</td></tr>`,
    ),
    `<tr><th scope="row">${e(q.vatTotal)}</th><td class="num">${money(totals.vatTotal)}</td></tr>`,
    `<tr class="gross"><th scope="row">${e(q.gross)}</th><td class="num">${money(totals.gross)}</td></tr>`,
  ].join('');
  const totalsTable = `<section aria-labelledby="totals"><h2 id="totals">${e(q.totals)}</h2><table class="totals"><caption class="quiet">${e(q.totals)}</caption><tbody>${totalRows}</tbody></table></section>`;

  const description = quote.description.trim();
  const notes =
    `<section aria-labelledby="notes"><h2 id="notes">${e(q.notes)}</h2>` +
    (description === '' || pricing.mode === 'amount' ? '' : description.split(/\n{2,}/).map((paragraph) => `<p>${e(paragraph).replaceAll('\n', '<br>')}</p>`).join('')) +
    `<p>${e(q.terms(formats.day(quote.validUntil), quote.currency))}</p></section>`;

  const title = `${labels.quoteTitle} ${quote.reference}`;
  return {
    html: htmlDocument(settings.locale, title, `<main>${head}${addressed}${lines}${totalsTable}${notes}</main>`),
    headerHtml: headerBand(customer.name, customer.code ?? ''),
    footerHtml: footerBand(`${title} · ${q.revision} ${quote.revision}`),
  };
};
