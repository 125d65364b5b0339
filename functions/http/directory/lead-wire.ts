/** Moved to application/directory/lead-view.ts; re-exported for readers outside the directory's edge. */
export { leadReader } from '../../../application/directory/lead-view.ts';
