import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { OutboxMailer } from '../../../adapters/mail/outbox-mailer.ts';
import { encodeWords, formatAddress, renderMime } from '../../../adapters/mail/mime.ts';
import { deliveryHeader, SesMailer } from '../../../adapters/mail/ses-mailer.ts';
import type { MailMessage } from '../../../adapters/mail/mailer.ts';

const message: MailMessage = {
  id: 'reminder-abc123',
  to: { name: 'Łukasz Żółć', address: 'lukasz@example.pl' },
  subject: 'Przypomnienie: spotkanie z klientem — sala „Złota” (29 mar 2026, 09:00)',
  text: 'Dzień dobry,\nzażółć gęślą jaźń.\n',
  html: '<p>Dzień dobry</p>',
};

/** Decodes RFC 2047 encoded words (B encoding), unfolding first. */
const decodeWords = (value: string) =>
  value
    .replace(/\r\n /g, ' ')
    .replace(/\?=\s+=\?/g, '?==?') // whitespace between two encoded words is not part of the text
    .replace(/=\?UTF-8\?B\?([^?]*)\?=/g, (_m, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));

describe('MIME rendering', () => {
  it('encodes non-ASCII header text as UTF-8 encoded words of at most 75 characters, lines under 78', () => {
    const encoded = encodeWords(message.subject);
    expect(decodeWords(encoded)).toBe(message.subject);
    for (const word of encoded.split('\r\n ')) expect(word.length).toBeLessThanOrEqual(75);
    expect(encodeWords('Plain ASCII')).toBe('Plain ASCII');
    expect(formatAddress({ name: 'Rossi, Mario', address: 'm@x.it' })).toBe('"Rossi, Mario" <m@x.it>');
    expect(formatAddress({ name: 'Anna', address: 'a@x.it' })).toBe('Anna <a@x.it>');
    expect(() => formatAddress({ name: 'x', address: 'a@x.it>\r\nBcc: evil@x' })).toThrow();
  });

  it('is an RFC 5322 message with a multipart/alternative body, text before HTML, base64 UTF-8 parts', () => {
    const eml = renderMime(message, { from: { name: 'Cronaca', address: 'noreply@cronaca.example' }, domain: 'cronaca.example', date: new Date('2026-03-28T07:00:00Z') });
    const [head, ...rest] = eml.split('\r\n\r\n');
    const headers = head!.split('\r\n');
    expect(headers).toContain('Date: Sat, 28 Mar 2026 07:00:00 +0000');
    expect(headers).toContain('Message-ID: <reminder-abc123@cronaca.example>');
    expect(headers).toContain('MIME-Version: 1.0');
    expect(headers).toContain('Content-Type: multipart/alternative; boundary="=_cronaca_reminder-abc123"');
    for (const line of eml.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
    expect(decodeWords(head!.match(/^To: (.*(?:\r\n .*)*)/m)![1]!)).toBe('Łukasz Żółć <lukasz@example.pl>');
    expect(decodeWords(head!.match(/^Subject: (.*(?:\r\n .*)*)/m)![1]!)).toBe(message.subject);
    const body = rest.join('\r\n\r\n');
    const parts = body.split('--=_cronaca_reminder-abc123');
    expect(parts).toHaveLength(4); // preamble, text, html, closing
    expect(parts[1]).toContain('Content-Type: text/plain; charset=UTF-8');
    expect(parts[2]).toContain('Content-Type: text/html; charset=UTF-8');
    const decoded = (part: string) => Buffer.from(part.split('\r\n\r\n')[1]!.replace(/\r\n/g, ''), 'base64').toString('utf8');
    expect(decoded(parts[1]!)).toBe(message.text);
    expect(decoded(parts[2]!)).toBe(message.html);
    expect(parts[3]).toBe('--\r\n');
  });
});

describe('outbox mailer', () => {
  it('writes each message once as <id>.eml and reports a second attempt as a duplicate', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'outbox-'));
    const logged: string[] = [];
    const mailer = new OutboxMailer({
      directory,
      from: { name: 'Cronaca', address: 'noreply@cronaca.local' },
      now: () => '2031-01-15T09:47:00.000Z',
      onSent: (_m, path) => logged.push(path),
    });
    expect(await mailer.send(message)).toEqual({ providerId: join(directory, 'reminder-abc123.eml'), duplicate: false });
    expect(await mailer.send({ ...message, subject: 'changed' })).toMatchObject({ duplicate: true });
    expect(await readdir(directory)).toEqual(['reminder-abc123.eml']);
    const eml = await readFile(join(directory, 'reminder-abc123.eml'), 'utf8');
    expect(eml).toContain('Message-ID: <reminder-abc123@cronaca.local>');
    expect(eml).toContain('Date: Wed, 15 Jan 2031 09:47:00 +0000');
    expect(logged).toHaveLength(1);
    await expect(mailer.send({ ...message, id: '../escape' })).rejects.toThrow(/invalid message id/);
  });
});

describe('SES v2 mailer', () => {
  it('sends simple UTF-8 content from the verified identity, tagged with our message id', async () => {
    const ses = mockClient(SESv2Client);
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    const mailer = new SesMailer(new SESv2Client({ region: 'eu-south-1' }), {
      from: { name: 'Cronaca CRM', address: 'noreply@cronaca.example' },
      identityArn: 'arn:aws:ses:eu-south-1:123456789012:identity/cronaca.example',
    });
    expect(await mailer.send(message)).toEqual({ providerId: 'ses-1', duplicate: false });
    const [call] = ses.commandCalls(SendEmailCommand);
    expect(call!.args[0].input).toEqual({
      FromEmailAddress: 'Cronaca CRM <noreply@cronaca.example>',
      FromEmailAddressIdentityArn: 'arn:aws:ses:eu-south-1:123456789012:identity/cronaca.example',
      Destination: { ToAddresses: [`${encodeWords(message.to.name).replace(/\r\n /g, ' ')} <lukasz@example.pl>`] },
      Content: {
        Simple: {
          Subject: { Data: message.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: message.text, Charset: 'UTF-8' }, Html: { Data: message.html, Charset: 'UTF-8' } },
          Headers: [{ Name: deliveryHeader, Value: 'reminder-abc123' }],
        },
      },
    });
    ses.restore();
  });

  it('surfaces a refusal (the job then releases its claim)', async () => {
    const ses = mockClient(SESv2Client);
    ses.on(SendEmailCommand).rejects(new Error('MessageRejected: Email address is not verified'));
    const mailer = new SesMailer(new SESv2Client({ region: 'eu-south-1' }), { from: { name: 'Cronaca', address: 'noreply@cronaca.example' } });
    await expect(mailer.send(message)).rejects.toThrow(/not verified/);
    ses.restore();
  });
});
