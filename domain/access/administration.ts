import type { Actor } from '../shared/actor.ts';
import { forbidden } from '../shared/errors.ts';

/** Settings, users and maintenance (projection rebuilds) belong to admins only (MiniCRM's levels). */
export const assertAdministrator = (actor: Actor): void => {
  if (actor.role !== 'admin') throw forbidden('only an administrator may do this');
};
