import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxAvatarBytes } from '../../domain/directory/contact-avatar.ts';
import { created, tenantWith } from '../support/directory-fixtures.ts';
import { apiClient, expectProblem } from '../support/http-client.ts';
import { startLocalStack } from '../support/local-stack.ts';

/** Contact pictures through presigned URLs on the S3 emulator. */

type Stack = Awaited<ReturnType<typeof startLocalStack>>;

let stack: Stack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
});
afterAll(async () => stack?.stop());

/** A tiny PNG (the signature and an IHDR are enough for a type check by bytes; S3 checks only headers). */
const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

const upload = (url: string, body: Buffer, contentType: string) =>
  fetch(url, { method: 'PUT', body, headers: { 'content-type': contentType, 'content-length': String(body.length) } });

describe('contact avatars', () => {
  it('uploads with a presigned URL, confirms after checking the object, and serves a short-lived link', async () => {
    const { olga } = await tenantWith(stack, 'av');
    const anna = await created(api, '/v1/contacts', olga, { firstName: 'Anna' });

    const requested = await api.post(`/v1/contacts/${anna.id}/avatar`, olga, { contentType: 'image/png', size: png.length });
    expect(requested.status, requested.text).toBe(200);
    const { uploadUrl, key, expiresAt } = requested.body;
    expect(key).toMatch(new RegExp(`/avatars/contacts/${anna.id}/[^/]+\\.png$`));
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());

    // Not uploaded yet: nothing to confirm.
    expectProblem(await api.post(`/v1/contacts/${anna.id}/avatar/confirm`, olga, { key }), 422, 'body.key');

    const put = await upload(uploadUrl, png, 'image/png');
    expect(put.status, await put.text()).toBe(200);
    const confirmed = await api.post(`/v1/contacts/${anna.id}/avatar/confirm`, olga, { key });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.body).toMatchObject({ avatarKey: key, version: 2 });

    const read = await api.get(`/v1/contacts/${anna.id}`, olga);
    expect(read.body.avatarKey).toBe(key);
    const picture = await fetch(read.body.avatarUrl);
    expect(picture.status).toBe(200);
    expect(Buffer.from(await picture.arrayBuffer())).toEqual(png);

    const history = await api.get(`/v1/contacts/${anna.id}/history`, olga);
    expect(history.body.items.at(-1)).toMatchObject({ type: 'ContactAvatarChanged', data: { key, contentType: 'image/png', size: png.length } });
    // Confirming the same picture again changes nothing.
    expect((await api.post(`/v1/contacts/${anna.id}/avatar/confirm`, olga, { key })).body.version).toBe(2);
  });

  it('refuses other types, sizes over the limit, keys of other contacts and objects that are not images', async () => {
    const { olga, rita, tenant } = await tenantWith(stack, 'avx');
    const anna = await created(api, '/v1/contacts', olga, { firstName: 'Anna' });
    const bruno = await created(api, '/v1/contacts', olga, { firstName: 'Bruno' });
    const hidden = await created(api, '/v1/contacts', olga, { firstName: 'Hidden', accountManagers: ['olga'] });

    expectProblem(await api.post(`/v1/contacts/${anna.id}/avatar`, olga, { contentType: 'image/gif', size: 10 }), 422, 'body.contentType');
    expectProblem(await api.post(`/v1/contacts/${anna.id}/avatar`, olga, { contentType: 'image/png', size: maxAvatarBytes + 1 }), 422, 'body.size');
    expectProblem(await api.post(`/v1/contacts/${hidden.id}/avatar`, rita, { contentType: 'image/png', size: 10 }), 404);
    expectProblem(await api.post(`/v1/contacts/nope/avatar`, olga, { contentType: 'image/png', size: 10 }), 404);

    // A key of another contact (or made up) is refused without looking at the object.
    const forBruno = await api.post(`/v1/contacts/${bruno.id}/avatar`, olga, { contentType: 'image/png', size: png.length });
    expect((await upload(forBruno.body.uploadUrl, png, 'image/png')).status).toBe(200);
    expectProblem(await api.post(`/v1/contacts/${anna.id}/avatar/confirm`, olga, { key: forBruno.body.key }), 422, 'body.key');
    expectProblem(await api.post(`/v1/contacts/${anna.id}/avatar/confirm`, olga, { key: `${tenant}/imports/companies/x.csv` }), 422, 'body.key');

    // In AWS the presigned URL is bound to the declared type and size (signed headers); the emulator
    // does not check signatures, so this is where confirmation's own check shows: the object's type
    // and size as S3 reports them decide, not what the client declared.
    const forAnna = await api.post(`/v1/contacts/${anna.id}/avatar`, olga, { contentType: 'image/webp', size: png.length });
    expect((await upload(forAnna.body.uploadUrl, png, 'text/html')).status).toBe(200);
    expectProblem(await api.post(`/v1/contacts/${anna.id}/avatar/confirm`, olga, { key: forAnna.body.key }), 422, 'body.key');
    const big = await api.post(`/v1/contacts/${anna.id}/avatar`, olga, { contentType: 'image/png', size: maxAvatarBytes });
    expect((await upload(big.body.uploadUrl, Buffer.alloc(maxAvatarBytes + 1), 'image/png')).status).toBe(200);
    const tooBig = await api.post(`/v1/contacts/${anna.id}/avatar/confirm`, olga, { key: big.body.key });
    expectProblem(tooBig, 422, 'body.key');
    expect(tooBig.body.detail).toContain('bytes');
    expect((await api.get(`/v1/contacts/${anna.id}`, olga)).body).not.toHaveProperty('avatarUrl');
  });
});
