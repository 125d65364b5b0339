import { DomainError } from '../../domain/shared/errors.ts';

/**
 * Runs a command whose body is not shaped like the command: the domain's issue paths (fields of the
 * command) are renamed to the body's fields, so that `toProblem` names what the client sent — e.g.
 * `POST /v1/activities/{id}/assign` takes `{ userId }`, which the command calls `assignee`.
 */
export const withBodyPaths = async <T>(renames: Readonly<Record<string, string>>, run: () => Promise<T>): Promise<T> => {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof DomainError) || !error.issues.some((issue) => issue.path in renames)) throw error;
    const issues = error.issues.map((issue) => (issue.path in renames ? { ...issue, path: renames[issue.path]! } : issue));
    throw new DomainError(error.kind, issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '), issues);
  }
};
