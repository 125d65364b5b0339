import type { PeopleDirectory } from '../domain/access/people.ts';
import { importFunctionModule } from './functions.ts';

type SendRemindersModule = typeof import('../functions/scheduled/send-reminders.ts');

export interface LocalSchedules {
  stop(): Promise<void>;
}

/**
 * The local stand-in for EventBridge schedules: the reminder job's own handler (reminders, digests and the
 * quotes' expiry), every minute (AWS: every five), with the people read model and the outbox mailer (`LOCAL_OUTBOX_DIR`). A run never overlaps the previous one locally;
 * in AWS overlapping runs are safe anyway. Each run logs what it sent.
 */
export const startLocalSchedules = async (
  options: { intervalMs?: number; log?: (line: string) => void; people?: PeopleDirectory } = {},
): Promise<LocalSchedules> => {
  const log = options.log ?? ((line: string) => console.log(line));
  const module = (await importFunctionModule('sendReminders')) as unknown as SendRemindersModule;
  const { mailerFromEnv } = await import('../functions/scheduled/reminders/mail-env.ts');
  // The people read model (the seed's users are registered by `npm start`), unless a test passes its own.
  const { people } = options;
  const handler = module.createSendRemindersHandler({
    ...(people ? { people: () => people } : {}),
    mailer: () => mailerFromEnv(process.env, (path) => log(`[mail] wrote ${path}`)),
  });
  let running: Promise<void> | undefined;
  const tick = () => {
    running ??= (async () => {
      try {
        const { reminders, digests, quotes } = await handler({});
        if (reminders.due + digests.due > 0) {
          log(`[reminders] due ${reminders.due}: sent ${reminders.sent}; digests due ${digests.due}: sent ${digests.sent}`);
        }
        if ('error' in quotes) log(`[quotes] expiry failed: ${quotes.error}`);
        else if (quotes.candidates > 0) log(`[quotes] expiry: ${quotes.expired} expired of ${quotes.candidates} due`);
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
