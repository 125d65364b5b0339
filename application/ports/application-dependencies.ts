import type { PeopleDirectory, PeopleOfRecord } from '../../domain/access/people.ts';
import type { TenantSettings } from '../../domain/settings/tenant-settings.ts';
import type { EventStorePort } from './event-store.ts';
import type { ReadModels } from './read-models.ts';
import type { BusinessMetrics } from './business-metrics.ts';

/**
 * What the application services need from the outside world, as ports. Entry points build it
 * (functions/shared/dependencies.ts from the environment, the local cloud, tests) and pass it in as
 * a source, read on each call: a warm Lambda reuses its clients, a test passes its own.
 */
export interface ApplicationDependencies {
  readonly eventStore: EventStorePort;
  readonly readModels: ReadModels;
  /** The caller's clock (ISO time) and id source: never the machine's own, in code under test. */
  readonly now: () => string;
  readonly newId: () => string;
  /** Users and groups as the people read model has them (lists, names; eventually consistent). */
  readonly people: PeopleDirectory;
  /** Users and groups from their own streams (strongly consistent): what a command may refer to. */
  readonly peopleOfRecord: PeopleOfRecord;
  /** The tenant's catalogues and custom-field definitions. */
  readonly settings: TenantSettings;
  /** Where business metrics go (the deployed functions: CloudWatch EMF). Absent: nowhere. */
  readonly metrics?: BusinessMetrics;
}

export type ApplicationDependencySource = () => ApplicationDependencies;
