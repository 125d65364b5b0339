import { testDependencies } from '../support/dynamo.ts';
import { describeEventStoreContract } from '../support/event-store-contract.ts';

/** The DynamoDB event store held to the port's contract, on DynamoDB Local (a tenant per test). */
const { eventStore } = testDependencies();

describeEventStoreContract('DynamoDB', () => eventStore);
