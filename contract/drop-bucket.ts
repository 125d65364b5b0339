/**
 * Objects under `<tenant>/exports/…` and `<tenant>/reports/…` are transient. S3 lifecycle filters only
 * match key *prefixes*, and the tenant comes first in the key, so these objects are matched by an object
 * tag instead: whoever writes an export or a report tags it `cronaca-kind=<kind>` (PutObject `Tagging`).
 * Read by the writers (adapters) and by the bucket's lifecycle rules (infra).
 */
export const dropBucketKindTag = 'cronaca-kind';
export const dropBucketExpiry = [
  { kind: 'exports', days: 7 },
  { kind: 'reports', days: 30 },
] as const;
