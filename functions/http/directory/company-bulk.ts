import type { z } from 'zod';
import type { CompanyBulkAction } from '../../../contract/http/companies.ts';
import type { CompanyCommand } from '../../../domain/directory/company.ts';
import { problemType } from '../../shared/problem.ts';
import { toProblem } from '../problem-details.ts';

type Action = z.output<typeof CompanyBulkAction>;

/** The update a bulk action stands for, on one company. */
export const bulkUpdate = (action: Action): CompanyCommand => {
  const data = ((): Extract<CompanyCommand, { type: 'UpdateCompany' }>['data'] => {
    switch (action.type) {
      case 'setStatus':
        return { status: action.status };
      case 'setKind':
        return { profile: { kind: action.kind } };
      case 'addTag':
        return { profile: { tags: { add: [action.tag] } } };
      case 'removeTag':
        return { profile: { tags: { remove: [action.tag] } } };
      case 'setResponsible':
        return { responsibleUserId: action.userId };
      case 'addManager':
        return { accountManagers: { add: [action.userId] } };
      case 'removeManager':
        return { accountManagers: { remove: [action.userId] } };
    }
  })();
  return { type: 'UpdateCompany', data };
};

export type BulkOutcome =
  | { id: string; ok: true; version: number }
  | { id: string; ok: false; error: { status: number; type: string; title: string; detail: string } };

/** Records are changed a few at a time: each is its own command (and commit). */
const concurrency = 8;

/**
 * Runs `apply` for every id and reports each one: applied, or refused with the same problem details
 * a single request would have got (not found, forbidden, conflict, invalid). One failure never stops
 * the others (the Polish seed's bulk status change).
 */
export const runBulk = async (ids: readonly string[], apply: (id: string) => Promise<number>): Promise<BulkOutcome[]> => {
  const results: BulkOutcome[] = new Array(ids.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < ids.length; i = next++) {
      const id = ids[i]!;
      try {
        results[i] = { id, ok: true, version: await apply(id) };
      } catch (error) {
        const problem = toProblem(error);
        if (problem.status >= 500) throw error;
        results[i] = { id, ok: false, error: { status: problem.status, type: problemType(problem.slug), title: problem.title, detail: problem.message } };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return results;
};
