import { MemoryPeopleDirectory } from '../adapters/people/memory-people-directory.ts';
import type { PeopleDirectory } from '../domain/access/people.ts';
import { importFunctionModule } from './functions.ts';
import { seedTenants } from './seed.ts';

type SendRemindersModule = typeof import('../functions/scheduled/send-reminders.ts');

/** The seed users as the people directory (until administration's read model is wired in). */
export const seedPeople = (): PeopleDirectory =>
  new MemoryPeopleDirectory({
    users: seedTenants.flatMap((tenant) => tenant.users.map((user) => ({ ...user, active: true }))),
    groups: seedTenants.flatMap((tenant) =>
      tenant.groups.map((group) => ({
        tenant: tenant.id,
        groupId: group.id,
        name: group.name,
        members: tenant.users.filter((user) => user.groups.includes(group.id)).map((user) => user.userId),
      })),
    ),
  });

export interface LocalSchedules {
  stop(): Promise<void>;
}

/**
 * The local stand-in for EventBridge schedules: the reminder job's own handler, every minute (AWS: every
 * five), with the outbox mailer (`LOCAL_OUTBOX_DIR`). A run never overlaps the previous one locally;
 * in AWS overlapping runs are safe anyway. Each run logs what it sent.
 */
export const startLocalSchedules = async (options: { intervalMs?: number; log?: (line: string) => void } = {}): Promise<LocalSchedules> => {
  const log = options.log ?? ((line: string) => console.log(line));
  const module = (await importFunctionModule('sendReminders')) as unknown as SendRemindersModule;
  const people = seedPeople();
  const { mailerFromEnv } = await import('../functions/scheduled/reminders/mail-env.ts');
  const handler = module.createSendRemindersHandler({
    people: () => people,
    mailer: () => mailerFromEnv(process.env, (path) => log(`[mail] wrote ${path}`)),
  });
  let running: Promise<void> | undefined;
  const tick = () => {
    running ??= (async () => {
      try {
        const { reminders, digests } = await handler({});
        if (reminders.due + digests.due > 0) {
          log(`[reminders] due ${reminders.due}: sent ${reminders.sent}; digests due ${digests.due}: sent ${digests.sent}`);
        }
      } catch (error) {
        log(`[reminders] run failed: ${(error as Error).message}`);
      } finally {
        running = undefined;
      }
    })();
  };
  const timer = setInterval(tick, options.intervalMs ?? 60_000);
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
};
