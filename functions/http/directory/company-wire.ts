/** Moved to application/directory/company-view.ts; re-exported for readers outside the directory's edge. */
export { companyReader } from '../../../application/directory/company-view.ts';
