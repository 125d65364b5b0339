/** Moved to application/directory/contact-view.ts; re-exported for readers outside the directory's edge. */
export { contactReader } from '../../../application/directory/contact-view.ts';
