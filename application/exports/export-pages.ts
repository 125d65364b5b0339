import { exportRecordPages } from '../directory/export-record-pages.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { ExportRecordPages } from '../ports/export-records.ts';
import { salesExportPages } from '../sales/sales-export-pages.ts';

/** Every list an export reads: the directory's and the sales context's, each as its own list shows it. */
export const exportPages = (dependencies: ApplicationDependencySource): ExportRecordPages => ({
  ...exportRecordPages(dependencies().readModels),
  ...salesExportPages(dependencies),
});
