import type { MailAddress, MailMessage } from './mailer.ts';

/**
 * An RFC 5322 message with a multipart/alternative body (text, then HTML; a reader shows the last
 * part it understands), UTF-8 throughout: non-ASCII header text as RFC 2047 encoded words, bodies in
 * base64 lines of 76 characters. Deterministic for a given message, sender, date and boundary.
 */

const isPlainAscii = (value: string): boolean => /^[\x20-\x7e]*$/.test(value);

/**
 * Encoded words of at most 75 characters each (RFC 2047 §2), split between characters, never inside
 * a UTF-8 sequence; joined with folding whitespace so no header line grows past 78 characters.
 */
export const encodeWords = (value: string): string => {
  if (isPlainAscii(value)) return value;
  const words: string[] = [];
  let chunk = '';
  for (const character of value) {
    // 36 bytes of UTF-8 become 48 base64 characters: with `=?UTF-8?B?` and `?=` a word is 60, which
    // leaves room for the longest header name on the first line.
    if (Buffer.byteLength(chunk + character, 'utf8') > 36) {
      words.push(chunk);
      chunk = '';
    }
    chunk += character;
  }
  if (chunk) words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=`).join('\r\n ');
};

const specials = /[()<>\[\]:;@\\,."]/;

/**
 * `Name <address>`: encoded words, a quoted string or a bare phrase, as the name needs. Folded for a
 * message header; unfolded (`fold: false`) for APIs that take one address per string (SES).
 */
export const formatAddress = ({ name, address }: MailAddress, options: { fold?: boolean } = { fold: true }): string => {
  if (/[\r\n<>]/.test(address)) throw new Error(`invalid e-mail address ${JSON.stringify(address)}`);
  if (!name) return address;
  // The address goes on a folded line of its own, so no line outgrows 78 characters.
  if (!isPlainAscii(name)) {
    const words = encodeWords(name);
    return options.fold ? `${words}\r\n <${address}>` : `${words.replace(/\r\n /g, ' ')} <${address}>`;
  }
  if (specials.test(name)) return `"${name.replace(/(["\\])/g, '\\$1')}" <${address}>`;
  return `${name} <${address}>`;
};

const base64Lines = (body: string): string => (Buffer.from(body, 'utf8').toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');

export interface MimeOptions {
  readonly from: MailAddress;
  readonly date: Date;
  /** Domain part of the Message-ID. */
  readonly domain: string;
  readonly boundary?: string;
}

export const renderMime = (message: MailMessage, options: MimeOptions): string => {
  const boundary = options.boundary ?? `=_cronaca_${message.id}`;
  const headers = [
    `From: ${formatAddress(options.from)}`,
    `To: ${formatAddress(message.to)}`,
    `Subject: ${encodeWords(message.subject)}`,
    `Date: ${options.date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${message.id}@${options.domain}>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
  ];
  const part = (type: string, body: string) =>
    [`--${boundary}`, `Content-Type: ${type}; charset=UTF-8`, 'Content-Transfer-Encoding: base64', '', base64Lines(body)].join('\r\n');
  return [...headers, '', part('text/plain', message.text), part('text/html', message.html), `--${boundary}--`, ''].join('\r\n');
};
