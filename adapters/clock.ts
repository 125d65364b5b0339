import { randomUUID } from 'node:crypto';

/** Time and identity are passed into the domain; these are the production sources. */
export type Clock = () => string;
export type IdGenerator = () => string;

export const systemClock: Clock = () => new Date().toISOString();
export const randomIds: IdGenerator = () => randomUUID();
