import { expect } from 'vitest';

export interface ApiResponse<T = any> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly text: string;
}

/** A tiny HTTP client for e2e tests: JSON in, JSON (or text) out, bearer token optional. */
export const apiClient = (baseUrl: string) => {
  const call = async <T = any>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return { status: response.status, headers: response.headers, text, body: /json/.test(type) && text ? JSON.parse(text) : text };
  };
  return {
    get: <T = any>(path: string, token?: string, headers?: Record<string, string>) => call<T>('GET', path, { token, headers }),
    post: <T = any>(path: string, token: string | undefined, body?: unknown, headers?: Record<string, string>) =>
      call<T>('POST', path, { token, body, headers }),
    call,
  };
};

/** Polls until the assertion passes: lists are eventually consistent (projection lag). */
export const eventually = async <T>(assertion: () => Promise<T>, timeoutMs = 10_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
};

export const expectProblem = (response: ApiResponse, status: number, path?: string) => {
  expect(response.status, response.text).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  if (path !== undefined) expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(path);
};
