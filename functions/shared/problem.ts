import type { FieldIssue } from '../../domain/shared/errors.ts';

/** An HTTP failure with RFC 9457 problem details; thrown anywhere in a request, rendered once. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly title: string;
  readonly slug: string;
  readonly issues: readonly FieldIssue[];
  readonly headers: Record<string, string>;
  /** Further members of the problem body (RFC 9457 extensions), e.g. duplicate `candidates`. */
  readonly extensions: Record<string, unknown>;

  constructor(
    status: number,
    slug: string,
    title: string,
    detail: string,
    options: { issues?: readonly FieldIssue[]; headers?: Record<string, string>; extensions?: Record<string, unknown> } = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.issues = options.issues ?? [];
    this.headers = options.headers ?? {};
    this.extensions = options.extensions ?? {};
  }
}

export const problemType = (slug: string): string => `urn:cronaca:problem:${slug}`;

export const badRequest = (detail: string, issues: readonly FieldIssue[] = []) =>
  new HttpProblem(400, 'bad-request', 'Bad request', detail, { issues });
/** A 422 for a well-formed value the handler itself refuses, with issues already located (`query.users`). */
export const unprocessable = (detail: string, issues: readonly FieldIssue[]) =>
  new HttpProblem(422, 'invalid', 'Invalid', detail, { issues });
/** `path: message; path: message` — the detail of a problem with several issues. */
export const issuesText = (issues: readonly FieldIssue[]): string => issues.map((i) => `${i.path}: ${i.message}`).join('; ');
export const unauthorized = (detail: string) =>
  new HttpProblem(401, 'unauthorized', 'Unauthorized', detail, { headers: { 'www-authenticate': 'Bearer' } });
export const preconditionFailed = (detail: string) =>
  new HttpProblem(412, 'precondition-failed', 'Precondition failed', detail);
