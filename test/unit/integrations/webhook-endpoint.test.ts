import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../domain/shared/actor.ts';
import {
  endpointWants,
  validSecretIds,
  webhookEndpointDecider,
  type EndpointRules,
  type WebhookEndpointCommand,
} from '../../../domain/integrations/webhook-endpoint.ts';
import { eventCatalogue } from '../../../events/catalogue.ts';
import { webhookEvents, type WebhookEndpointEvent } from '../../../events/integrations/webhook-events.ts';
import { deciderSpec, type GivenEvent } from '../../support/decider-spec.ts';

const now = '2030-03-10T09:00:00.000Z';
const endpointId = 'whe-1';
const admin: Actor = { tenant: 'acme', userId: 'ada', role: 'admin', groups: [] };
const manager: Actor = { tenant: 'acme', userId: 'max', role: 'manager', groups: [] };
const sender: Actor = { tenant: 'acme', userId: 'system:webhooks', role: 'admin', groups: [] };

const spec = deciderSpec(webhookEndpointDecider, { actor: admin, now, validate: eventCatalogue(webhookEvents).validateForAppend });

const known = ['TicketOpened', 'TicketClosed', 'CompanyCreated'];
const aws: EndpointRules = { local: false, knownEventTypes: known };
const local: EndpointRules = { local: true, knownEventTypes: known };

type Data<T extends WebhookEndpointEvent['type']> = Extract<WebhookEndpointEvent, { type: T }>['data'];
const created = (data: Partial<Data<'WebhookEndpointCreated'>> = {}, at?: string): GivenEvent<WebhookEndpointEvent> => ({
  type: 'WebhookEndpointCreated',
  data: { endpointId, url: 'https://hooks.example.com/cronaca', eventTypes: null, description: null, enabled: true, secretId: 'sec-1', ...data },
  ...(at ? { at } : {}),
});
const rotated = (secretId: string, previousSecretId: string, previousValidUntil: string): GivenEvent<WebhookEndpointEvent> => ({
  type: 'WebhookSecretRotated',
  data: { endpointId, secretId, previousSecretId, previousValidUntil },
});
const disabled = (reason: 'admin' | 'failing'): GivenEvent<WebhookEndpointEvent> => ({ type: 'WebhookEndpointDisabled', data: { endpointId, reason } });
const deleted: GivenEvent<WebhookEndpointEvent> = { type: 'WebhookEndpointDeleted', data: { endpointId } };

type CreateData = Extract<WebhookEndpointCommand, { type: 'CreateWebhookEndpoint' }>['data'];
const create = (data: Partial<CreateData> = {}): WebhookEndpointCommand => ({
  type: 'CreateWebhookEndpoint',
  data: { endpointId, url: 'https://hooks.example.com/cronaca', secretId: 'sec-1', rules: aws, ...data },
});
const change = (data: Omit<Extract<WebhookEndpointCommand, { type: 'ChangeWebhookEndpoint' }>['data'], 'rules'>, rules = aws): WebhookEndpointCommand => ({
  type: 'ChangeWebhookEndpoint',
  data: { ...data, rules },
});
const failing = (failingSince: string): WebhookEndpointCommand => ({ type: 'MarkWebhookEndpointFailing', data: { failingSince } });
const rotate = (secretId: string): WebhookEndpointCommand => ({ type: 'RotateWebhookSecret', data: { secretId } });

describe('CreateWebhookEndpoint', () => {
  it('creates an enabled endpoint for every event type, with its secret id', () => {
    spec
      .when(create())
      .then([created()])
      .andState({ id: endpointId, enabled: true, eventTypes: null, secretId: 'sec-1', previousSecret: null, deleted: false, createdAt: now });
  });

  it('keeps the event types as a sorted set, a trimmed description, and may start disabled', () => {
    spec
      .when(create({ eventTypes: ['TicketOpened', 'CompanyCreated', 'TicketOpened'], description: '  ERP sync ', enabled: false }))
      .then([created({ eventTypes: ['CompanyCreated', 'TicketOpened'], description: 'ERP sync', enabled: false })])
      .andState({ enabled: false, disabledReason: 'admin' });
  });

  it('refuses an unknown event type, naming its index, and an empty list', () => {
    spec.when(create({ eventTypes: ['TicketOpened', 'Nope'] })).thenThrows('invalid', { path: 'eventTypes.1' });
    spec.when(create({ eventTypes: [] })).thenThrows('invalid', { path: 'eventTypes' });
  });

  it('refuses a description that is too long and a blank secret id', () => {
    spec.when(create({ description: 'x'.repeat(501) })).thenThrows('invalid', { path: 'description' });
    spec.when(create({ secretId: ' ' })).thenThrows('invalid', { path: 'secretId' });
  });

  it('normalises the URL', () => {
    spec.when(create({ url: ' HTTPS://Hooks.Example.COM:443/a/../b?x=1 ' })).then([created({ url: 'https://hooks.example.com/b?x=1' })]);
  });

  it.each([
    ['', 'must not be blank'],
    ['hooks.example.com/x', 'absolute URL'],
    ['ftp://hooks.example.com/', 'https'],
    ['http://hooks.example.com/', 'https'],
    ['https://user:pw@hooks.example.com/', 'user name or password'],
    ['https://hooks.example.com/#frag', 'fragment'],
    ['https://localhost:8443/', 'loopback'],
    ['https://api.localhost/', 'loopback'],
    ['https://127.0.0.1/', 'loopback'],
    ['https://[::1]/', 'loopback'],
    ['https://2130706433/', 'loopback'],
    ['https://10.1.2.3/', 'private'],
    ['https://192.168.0.10/', 'private'],
    ['https://172.20.0.1/', 'private'],
    ['https://[fd00:ec2::254]/', 'metadata'],
    ['https://[fd00::1]/', 'unique-local'],
    ['https://169.254.169.254/latest/meta-data', 'metadata'],
    ['https://169.254.170.2/', 'link-local'],
    ['https://192.0.2.1/', 'documentation'],
    ['https://[2002:a00:1::1]/', 'private'],
    ['https://[2001::1]/', 'reserved'],
    ['https://[::10.0.0.1]/', 'private'],
    ['https://[100::1]/', 'reserved'],
    ['https://[3fff::1]/', 'documentation'],
    ['https://[fe80::1]/', 'link-local'],
    ['https://[::ffff:10.0.0.1]/', 'private'],
    ['https://0.0.0.0/', 'unspecified'],
    [`https://example.com/${'a'.repeat(2048)}`, 'at most 2048'],
  ])('in AWS refuses %j (%s)', (url, message) => {
    spec.when(create({ url })).thenThrows('invalid', { path: 'url', message });
  });

  it('accepts a public IP literal in AWS', () => {
    spec.when(create({ url: 'https://93.184.216.34:8443/in' })).then([created({ url: 'https://93.184.216.34:8443/in' })]);
    spec.when(create({ url: 'https://[2606:4700::1]/in' })).then([created({ url: 'https://[2606:4700::1]/in' })]);
  });

  it('locally allows http to loopback only, and https to loopback', () => {
    spec.when(create({ url: 'http://localhost:4010/hook', rules: local })).then([created({ url: 'http://localhost:4010/hook' })]);
    spec.when(create({ url: 'http://127.0.0.1:4010/', rules: local })).then([created({ url: 'http://127.0.0.1:4010/' })]);
    spec.when(create({ url: 'http://[::1]:4010/', rules: local })).then([created({ url: 'http://[::1]:4010/' })]);
    spec.when(create({ url: 'https://localhost/', rules: local })).then([created({ url: 'https://localhost/' })]);
    spec.when(create({ url: 'http://hooks.example.com/', rules: local })).thenThrows('invalid', { path: 'url', message: 'http only to localhost' });
    spec.when(create({ url: 'http://10.0.0.1/', rules: local })).thenThrows('invalid', { path: 'url' });
  });

  it('refuses a second creation and a non-admin', () => {
    spec.given([created()]).when(create()).thenThrows('conflict');
    spec.as(manager).when(create()).thenThrows('forbidden');
  });
});

describe('ChangeWebhookEndpoint', () => {
  it('records only what changed', () => {
    spec
      .given([created()])
      .when(change({ url: 'https://hooks.example.com/cronaca', description: 'ERP', eventTypes: ['TicketClosed'] }))
      .then([{ type: 'WebhookEndpointChanged', data: { endpointId, description: 'ERP', eventTypes: ['TicketClosed'] } }])
      .andState({ description: 'ERP', eventTypes: ['TicketClosed'], url: 'https://hooks.example.com/cronaca' });
  });

  it('back to every event type, a cleared description, a new URL', () => {
    spec
      .given([created({ eventTypes: ['TicketOpened'], description: 'x' })])
      .when(change({ eventTypes: null, description: '', url: 'https://other.example.com/' }))
      .then([{ type: 'WebhookEndpointChanged', data: { endpointId, url: 'https://other.example.com/', eventTypes: null, description: null } }]);
  });

  it('nothing when nothing changes (the same set in another order too)', () => {
    spec.given([created({ eventTypes: ['CompanyCreated', 'TicketOpened'] })]).when(change({ eventTypes: ['TicketOpened', 'CompanyCreated'] })).thenNothing();
    spec.given([created()]).when(change({})).thenNothing();
  });

  it('checks the URL and the types like a creation', () => {
    spec.given([created()]).when(change({ url: 'http://hooks.example.com/' })).thenThrows('invalid', { path: 'url' });
    spec.given([created()]).when(change({ eventTypes: ['Nope'] })).thenThrows('invalid', { path: 'eventTypes.0' });
  });

  it('a missing or deleted endpoint is not found', () => {
    spec.when(change({ description: 'x' })).thenThrows('not_found');
    spec.given([created(), deleted]).when(change({ description: 'x' })).thenThrows('not_found');
  });
});

describe('EnableWebhookEndpoint / DisableWebhookEndpoint', () => {
  it('disables by an admin, then enables again', () => {
    spec.given([created()]).when({ type: 'DisableWebhookEndpoint' }).then([disabled('admin')]).andState({ enabled: false, disabledReason: 'admin' });
    spec
      .given([created(), disabled('failing')])
      .when({ type: 'EnableWebhookEndpoint' })
      .then([{ type: 'WebhookEndpointEnabled', data: { endpointId } }])
      .andState({ enabled: true, disabledReason: null, failingSince: null });
  });

  it('nothing when it already is so', () => {
    spec.given([created()]).when({ type: 'EnableWebhookEndpoint' }).thenNothing();
    spec.given([created(), disabled('admin')]).when({ type: 'DisableWebhookEndpoint' }).thenNothing();
  });
});

describe('MarkWebhookEndpointFailing', () => {
  const fiveDaysAgo = '2030-03-05T09:00:00.000Z';
  it('disables an endpoint failing for 5 days', () => {
    spec
      .as(sender)
      .given([created()])
      .when(failing(fiveDaysAgo))
      .then([{ type: 'WebhookEndpointDisabled', data: { endpointId, reason: 'failing', failingSince: fiveDaysAgo } }])
      .andState({ enabled: false, disabledReason: 'failing', failingSince: fiveDaysAgo });
  });

  it('waits while it is less than 5 days', () => {
    spec.as(sender).given([created()]).when(failing('2030-03-05T09:00:00.001Z')).thenNothing().andState({ enabled: true });
  });

  it('nothing for an endpoint disabled already', () => {
    spec.as(sender).given([created(), disabled('admin')]).when(failing(fiveDaysAgo)).thenNothing();
  });

  it('refuses a streak starting in the future or no date at all', () => {
    spec.given([created()]).when(failing('2030-03-10T09:00:01.000Z')).thenThrows('invalid', { path: 'failingSince' });
    spec.given([created()]).when(failing('yesterday')).thenThrows('invalid', { path: 'failingSince' });
  });
});

describe('RotateWebhookSecret: both secrets sign for 24 h', () => {
  it('the new secret signs, the previous one until 24 h from now', () => {
    const outcome = spec
      .given([created()])
      .when(rotate('sec-2'))
      .then([rotated('sec-2', 'sec-1', '2030-03-11T09:00:00.000Z')]);
    const endpoint = outcome.state!;
    expect(validSecretIds(endpoint, now)).toEqual(['sec-2', 'sec-1']);
    expect(validSecretIds(endpoint, '2030-03-11T08:59:59.999Z')).toEqual(['sec-2', 'sec-1']);
    expect(validSecretIds(endpoint, '2030-03-11T09:00:00.000Z')).toEqual(['sec-2']);
  });

  it('rotating again within 24 h keeps two secrets: the older previous one stops at once', () => {
    const outcome = spec
      .given([created(), rotated('sec-2', 'sec-1', '2030-03-10T20:00:00.000Z')])
      .when(rotate('sec-3'))
      .then([rotated('sec-3', 'sec-2', '2030-03-11T09:00:00.000Z')]);
    expect(validSecretIds(outcome.state!, now)).toEqual(['sec-3', 'sec-2']);
  });

  it('before any rotation, one secret', () => {
    expect(validSecretIds(spec.given([created()]).state()!, now)).toEqual(['sec-1']);
  });

  it('refuses a secret id the endpoint has', () => {
    spec.given([created()]).when(rotate('sec-1')).thenThrows('conflict');
    spec.given([created(), rotated('sec-2', 'sec-1', '2030-03-11T00:00:00.000Z')]).when(rotate('sec-1')).thenThrows('conflict');
  });
});

describe('DeleteWebhookEndpoint', () => {
  it('deletes; later commands find nothing', () => {
    spec.given([created()]).when({ type: 'DeleteWebhookEndpoint' }).then([deleted]).andState({ deleted: true, enabled: false });
    spec.given([created(), deleted]).when({ type: 'DeleteWebhookEndpoint' }).thenThrows('not_found');
    spec.given([created(), deleted]).when(rotate('sec-2')).thenThrows('not_found');
  });

  it('only an admin', () => {
    spec.as(manager).given([created()]).when({ type: 'DeleteWebhookEndpoint' }).thenThrows('forbidden');
  });
});

describe('endpointWants', () => {
  it('an enabled endpoint wants the types of its filter, or all', () => {
    const all = spec.given([created()]).state()!;
    const some = spec.given([created({ eventTypes: ['TicketOpened'] })]).state()!;
    expect(endpointWants(all, 'Anything')).toBe(true);
    expect(endpointWants(some, 'TicketOpened')).toBe(true);
    expect(endpointWants(some, 'TicketClosed')).toBe(false);
    expect(endpointWants(spec.given([created(), disabled('admin')]).state()!, 'TicketOpened')).toBe(false);
    expect(endpointWants(spec.given([created(), deleted]).state()!, 'TicketOpened')).toBe(false);
  });
});
