import { describe, expect, it } from 'vitest';
import { requestDecider, type RequestCatalogue, type RequestCommand } from '../../../domain/requests/request.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { RequestEvent } from '../../../events/requests/request-events.ts';
import { deciderSpec, type GivenEvent } from '../../support/decider-spec.ts';

// ---------------------------------------------------------------------------------------------------
// Fixtures (fixed dates: nothing here depends on today)

const now = '2030-05-14T09:00:00.000Z';
const requestId = 'req-1';
const rank1 = '1aaaaaaaV';
const rank2 = '1bbbbbbbV';

const actor = (userId: string, role: Actor['role'] = 'standard'): Actor => ({ tenant: 'acme', userId, role, groups: [] });
const olga = actor('olga');
const tom = actor('tom');
/** Restricted: sees the requests she is responsible for, those she registered and unassigned ones. */
const rita = actor('rita', 'restricted');
const mara = actor('mara', 'manager');
const ada = actor('ada', 'admin');

const catalogue: RequestCatalogue = {
  statuses: ['new', 'in_progress', 'completed'],
  types: ['commercial', 'support', 'reminder', 'meeting_request', 'other'],
};

const spec = deciderSpec(requestDecider, { actor: olga, now });

type Data<T extends RequestEvent['type']> = Extract<RequestEvent, { type: T }>['data'];
type RegisterData = Extract<RequestCommand, { type: 'RegisterRequest' }>['data'];

const registered = (data: Partial<Data<'RequestRegistered'>> = {}, meta: { actor?: string } = {}): GivenEvent<RequestEvent> => ({
  type: 'RequestRegistered',
  data: {
    requestId,
    number: 7,
    companyId: 'cmp-1',
    contactId: 'ct-1',
    requestType: 'commercial',
    description: 'Wants a price for 40 licences',
    channel: 'phone',
    status: 'new',
    rank: rank1,
    responsibleId: null,
    ...data,
  },
  ...meta,
});
const responsible = (to: string, from: string | null = null): GivenEvent<RequestEvent> => ({
  type: 'RequestResponsibleAssigned',
  data: { requestId, from, to },
});
const closedEvent = (outcome: string | null = null, status = 'new'): GivenEvent<RequestEvent> => ({ type: 'RequestClosed', data: { requestId, status, outcome } });

/** A request with olga responsible. */
const managed = (data: Partial<Data<'RequestRegistered'>> = {}): GivenEvent<RequestEvent>[] => [registered({ responsibleId: 'olga', ...data })];
const closedRequest = (): GivenEvent<RequestEvent>[] => [...managed(), closedEvent('done')];

const register = (data: Partial<RegisterData> = {}): RequestCommand => ({
  type: 'RegisterRequest',
  data: {
    requestId,
    number: 7,
    details: { companyId: 'cmp-1', description: 'Wants a price for 40 licences' },
    rank: rank1,
    catalogue,
    ...data,
  },
});
const edit = (patch: Extract<RequestCommand, { type: 'EditRequest' }>['data']['patch']): RequestCommand => ({ type: 'EditRequest', data: { patch, catalogue } });
const assign = (userId: string): RequestCommand => ({ type: 'AssignResponsible', data: { userId } });
const move = (status: string, rank = rank2, cat: RequestCatalogue = catalogue): RequestCommand => ({ type: 'MoveRequest', data: { status, rank, catalogue: cat } });
const document = { kind: 'ticket' as const, id: 'tkt-9', reference: '31' };
const generate = (close = false, outcome?: string | null): RequestCommand => ({
  type: 'RecordGeneratedDocument',
  data: { document, close, ...(outcome !== undefined ? { outcome } : {}) },
});
const close = (outcome?: string | null): RequestCommand => ({ type: 'CloseRequest', data: { outcome } });
const reopen = (reason?: string | null): RequestCommand => ({ type: 'ReopenRequest', data: { reason, rank: rank2 } });

// ---------------------------------------------------------------------------------------------------

describe('registering a request', () => {
  it('given nothing, when a request is registered with only company and description, then the defaults are the first status, type other, no contact, channel or responsible', () => {
    spec.when(register()).then([
      {
        type: 'RequestRegistered',
        data: {
          requestId,
          number: 7,
          companyId: 'cmp-1',
          contactId: null,
          requestType: 'other',
          description: 'Wants a price for 40 licences',
          channel: null,
          status: 'new',
          rank: rank1,
          responsibleId: null,
        },
      },
    ]).andState({ id: requestId, number: 7, status: 'new', rank: rank1, closed: false, registeredBy: 'olga', registeredAt: now, documents: [] });
  });

  it('given nothing, when every field is given, then the request carries them, the text trimmed', () => {
    spec
      .when(
        register({
          details: { companyId: 'cmp-1', contactId: 'ct-1', requestType: 'reminder', description: '  Still waiting for the invoice  ', channel: 'email' },
          status: 'in_progress',
          responsibleId: 'tom',
        }),
      )
      .thenState({ details: { contactId: 'ct-1', requestType: 'reminder', description: 'Still waiting for the invoice', channel: 'email' }, status: 'in_progress', responsibleId: 'tom' });
  });

  it('given a tenant without `other`, when no type is given, then the first active type is the default', () => {
    spec.when(register({ catalogue: { ...catalogue, types: ['support', 'commercial'] } })).thenState({ details: { requestType: 'support' } });
  });

  it('given nothing, when the type or the status is not an active catalogue value, then the field is refused', () => {
    spec.when(register({ details: { companyId: 'cmp-1', description: 'x', requestType: 'gossip' } })).thenThrows('invalid', { path: 'requestType' });
    spec.when(register({ status: 'archived' })).thenThrows('invalid', { path: 'status' });
  });

  it('given nothing, when the description or the company is blank or missing, then that field is refused', () => {
    spec.when(register({ details: { companyId: 'cmp-1', description: '   ' } })).thenThrows('invalid', { path: 'description' });
    spec.when(register({ details: { companyId: ' ', description: 'x' } })).thenThrows('invalid', { path: 'companyId' });
    spec.when(register({ details: { description: 'x' } })).thenThrows('invalid', { path: 'companyId' });
    spec.when(register({ details: { companyId: 'cmp-1' } })).thenThrows('invalid', { path: 'description' });
  });

  it('given a description past 20,000 characters, when registered, then it is refused', () => {
    spec.when(register({ details: { companyId: 'cmp-1', description: 'x'.repeat(20_001) } })).thenThrows('invalid', { path: 'description' });
  });

  it('given a tenant whose statuses are all deactivated, when registering without a status, then it is a conflict', () => {
    spec.when(register({ catalogue: { ...catalogue, statuses: [] } })).thenThrows('conflict', 'no active status');
  });

  it('given a registered request, when registered again under its id, then it is a conflict', () => {
    spec.given([registered()]).when(register()).thenThrows('conflict', 'already exists');
  });
});

describe('editing a request', () => {
  it('given a request, when its description and channel change, then RequestEdited carries the whole details', () => {
    spec
      .given([registered()])
      .when(edit({ description: 'Wants a price for 50 licences', channel: null }))
      .then([
        {
          type: 'RequestEdited',
          data: {
            requestId,
            details: { companyId: 'cmp-1', contactId: 'ct-1', requestType: 'commercial', description: 'Wants a price for 50 licences', channel: null },
          },
        },
      ]);
  });

  it('given a request with a contact, when the company changes without a contact, then the old company\'s contact is dropped', () => {
    spec.given([registered()]).when(edit({ companyId: 'cmp-2' })).thenState({ details: { companyId: 'cmp-2', contactId: null } });
  });

  it('given a request with a contact, when the company changes with a contact, then that contact is kept', () => {
    spec.given([registered()]).when(edit({ companyId: 'cmp-2', contactId: 'ct-2' })).thenState({ details: { companyId: 'cmp-2', contactId: 'ct-2' } });
  });

  it('given a request, when the edit changes nothing, then nothing is recorded', () => {
    spec.given([registered()]).when(edit({ description: 'Wants a price for 40 licences', requestType: 'commercial' })).thenNothing();
  });

  it('given a request whose type was deactivated since, when another field is edited, then the type is kept', () => {
    spec
      .given([registered({ requestType: 'legacy' })])
      .when(edit({ description: 'New text' }))
      .thenState({ details: { requestType: 'legacy', description: 'New text' } });
  });

  it('given a request whose type was deactivated since, when the edit repeats that type with another change, then the type is kept', () => {
    spec
      .given([registered({ requestType: 'legacy' })])
      .when(edit({ requestType: 'legacy', description: 'Whole form sent back' }))
      .thenState({ details: { requestType: 'legacy', description: 'Whole form sent back' } });
  });

  it('given a request, when the type is set to an inactive value, then `requestType` is refused', () => {
    spec.given([registered()]).when(edit({ requestType: 'legacy' })).thenThrows('invalid', { path: 'requestType' });
  });

  it('given a closed request, when edited, then it is a conflict', () => {
    spec.given(closedRequest()).when(edit({ description: 'late' })).thenThrows('conflict', 'closed');
  });

  it('given no request, when edited, then it is not found', () => {
    spec.when(edit({ description: 'x' })).thenThrows('not_found');
  });
});

describe('the responsible', () => {
  it('given a request without responsible, when one is assigned, then RequestResponsibleAssigned from null', () => {
    spec.given([registered()]).when(assign('tom')).then([{ type: 'RequestResponsibleAssigned', data: { requestId, from: null, to: 'tom' } }]).andState({ responsibleId: 'tom' });
  });

  it('given a responsible, when another is assigned, then the change names both', () => {
    spec.given(managed()).when(assign('tom')).then([{ type: 'RequestResponsibleAssigned', data: { requestId, from: 'olga', to: 'tom' } }]);
  });

  it('given a responsible, when the same one is assigned, then nothing is recorded', () => {
    spec.given(managed()).when(assign('olga')).thenNothing();
  });

  it('given a closed request, when a responsible is assigned, then it is a conflict', () => {
    spec.given(closedRequest()).when(assign('tom')).thenThrows('conflict', 'closed');
  });
});

describe('responsible first: nothing moves, generates or closes without one', () => {
  for (const [what, command] of [
    ['a move', move('in_progress')],
    ['a reorder', move('new')],
    ['a generation', generate()],
    ['a generation that closes', generate(true)],
    ['a close', close()],
  ] as const) {
    it(`given a request without responsible, when ${what} is asked, then it is a conflict naming responsibleId`, () => {
      spec.given([registered()]).when(command).thenThrows('conflict', { message: 'no responsible', path: 'responsibleId' });
    });
  }

  it('given a request whose responsible was just assigned, when moved, then it moves', () => {
    spec.given([registered(), responsible('tom')]).when(move('in_progress')).thenState({ status: 'in_progress' });
  });
});

describe('moving a card on the board', () => {
  it('given a request in new, when moved to in_progress at a rank, then RequestStatusChanged from new to in_progress at that rank', () => {
    spec
      .given(managed())
      .when(move('in_progress'))
      .then([{ type: 'RequestStatusChanged', data: { requestId, from: 'new', to: 'in_progress', rank: rank2 } }])
      .andState({ status: 'in_progress', rank: rank2 });
  });

  it('given a request, when moved within its column, then RequestReordered', () => {
    spec.given(managed()).when(move('new')).then([{ type: 'RequestReordered', data: { requestId, status: 'new', rank: rank2 } }]).andState({ status: 'new', rank: rank2 });
  });

  it('given a request, when dropped where it already is, then nothing is recorded', () => {
    spec.given(managed()).when(move('new', rank1)).thenNothing();
  });

  it('given a request, when moved to a status not in the catalogue, then `status` is refused', () => {
    spec.given(managed()).when(move('archived')).thenThrows('invalid', { path: 'status' });
  });

  it('given a request in a status deactivated since, when reordered in its column, then it is allowed; moving into it is not', () => {
    const withoutNew: RequestCatalogue = { ...catalogue, statuses: ['in_progress', 'completed'] };
    spec.given(managed()).when(move('new', rank2, withoutNew)).then([{ type: 'RequestReordered', data: { requestId, status: 'new', rank: rank2 } }]);
    spec.given(managed({ status: 'in_progress' })).when(move('new', rank2, withoutNew)).thenThrows('invalid', { path: 'status' });
  });

  it('given a request moved to completed, then it is still open: a status never closes a request', () => {
    spec.given(managed()).when(move('completed')).thenState({ status: 'completed', closed: false });
  });

  it('given a closed request, when moved, then it is a conflict', () => {
    spec.given(closedRequest()).when(move('in_progress')).thenThrows('conflict', 'closed');
  });
});

describe('generating a document', () => {
  it('given a managed request, when a document is recorded, then RequestDocumentGenerated and the request stays open', () => {
    spec
      .given(managed())
      .when(generate())
      .then([{ type: 'RequestDocumentGenerated', data: { requestId, document } }])
      .andState({ closed: false, documents: [{ ...document, at: now, by: 'olga' }] });
  });

  it('given a managed request, when a document is recorded with close, then the request is closed in the same decision with the outcome', () => {
    spec
      .given(managed({ status: 'in_progress' }))
      .when(generate(true, ' Ticket opened '))
      .then([
        { type: 'RequestDocumentGenerated', data: { requestId, document } },
        { type: 'RequestClosed', data: { requestId, status: 'in_progress', outcome: 'Ticket opened' } },
      ])
      .andState({ closed: true, closedAt: now, closedBy: 'olga', outcome: 'Ticket opened' });
  });

  it('given a request that generated a ticket, when a quote is generated, then both are remembered in order', () => {
    const quote = { kind: 'quote' as const, id: 'q-1', reference: 'Q-2030-00001' };
    spec
      .given([...managed(), { type: 'RequestDocumentGenerated', data: { requestId, document } }])
      .when({ type: 'RecordGeneratedDocument', data: { document: quote, close: false } })
      .thenState({ documents: [document, quote] });
  });

  it('given a closed request, when a document is generated, then it is a conflict', () => {
    spec.given(closedRequest()).when(generate()).thenThrows('conflict', 'closed');
  });
});

describe('closing and reopening', () => {
  it('given a managed request in completed, when closed with an outcome, then RequestClosed keeps its status', () => {
    spec
      .given(managed({ status: 'completed' }))
      .when(close('Answered by phone'))
      .then([{ type: 'RequestClosed', data: { requestId, status: 'completed', outcome: 'Answered by phone' } }])
      .andState({ closed: true, status: 'completed', outcome: 'Answered by phone' });
  });

  it('given a managed request, when closed with a blank outcome, then the outcome is null', () => {
    spec.given(managed()).when(close('   ')).then([{ type: 'RequestClosed', data: { requestId, status: 'new', outcome: null } }]);
  });

  it('given an outcome past 2,000 characters, when closing, then `outcome` is refused', () => {
    spec.given(managed()).when(close('x'.repeat(2_001))).thenThrows('invalid', { path: 'outcome' });
  });

  it('given a closed request, when closed again, then it is a conflict', () => {
    spec.given(closedRequest()).when(close()).thenThrows('conflict', 'already closed');
  });

  for (const who of [mara, ada]) {
    it(`given a closed request, when a ${who.role} reopens it, then RequestReopened at the new rank and the closing is forgotten`, () => {
      spec
        .as(who)
        .given(closedRequest())
        .when(reopen(' Customer called back '))
        .then([{ type: 'RequestReopened', data: { requestId, reason: 'Customer called back', rank: rank2 } }])
        .andState({ closed: false, closedAt: null, closedBy: null, outcome: null, rank: rank2, status: 'new' });
    });
  }

  it('given a closed request, when a standard user reopens it, then it is forbidden', () => {
    spec.given(closedRequest()).when(reopen()).thenThrows('forbidden');
  });

  it('given an open request, when a manager reopens it, then it is a conflict', () => {
    spec.as(mara).given(managed()).when(reopen()).thenThrows('conflict', 'open');
  });

  it('given a reopened request, when moved, then it moves again', () => {
    spec.given([...closedRequest(), { type: 'RequestReopened', data: { requestId, reason: null, rank: rank2 } }]).when(move('in_progress')).thenState({ status: 'in_progress' });
  });
});

describe('restricted visibility', () => {
  const restricted = spec.as(rita);

  it('given a request someone else is responsible for and registered, when a restricted user acts on it, then it is not found', () => {
    for (const command of [edit({ description: 'x' }), assign('rita'), move('in_progress'), generate(), close()]) {
      restricted.given(managed({ responsibleId: 'tom' })).when(command).thenThrows('not_found');
    }
  });

  it('given a closed request she cannot see, when a restricted user reopens it, then it is not found before forbidden', () => {
    restricted.given([registered({ responsibleId: 'tom' }), closedEvent()]).when(reopen()).thenThrows('not_found');
  });

  it('given an unassigned request, when a restricted user takes responsibility, then it is hers', () => {
    restricted.given([registered()]).when(assign('rita')).thenState({ responsibleId: 'rita' });
  });

  it('given a request she registered with another responsible, when she edits it, then she may', () => {
    restricted.given([registered({ responsibleId: 'tom' }, { actor: 'rita' })]).when(edit({ description: 'More detail' })).thenState({ details: { description: 'More detail' } });
  });

  it('given a request she is responsible for, when she closes it, then it closes', () => {
    restricted.given(managed({ responsibleId: 'rita' })).when(close()).thenState({ closed: true });
  });

  it('given a closed request she is responsible for, when she reopens it, then it is forbidden', () => {
    restricted.given([registered({ responsibleId: 'rita' }), closedEvent()]).when(reopen()).thenThrows('forbidden');
  });

  it('other roles see every request of the tenant', () => {
    spec.as(tom).given(managed({ responsibleId: 'olga' })).when(edit({ description: 'Seen by Tom' })).thenState({ details: { description: 'Seen by Tom' } });
  });
});

describe('evolve', () => {
  it('given every kind of event, then the state follows them and updatedAt is the last event', () => {
    const state = spec
      .given([
        registered(),
        responsible('olga'),
        { type: 'RequestStatusChanged', data: { requestId, from: 'new', to: 'in_progress', rank: rank2 } },
        { type: 'RequestReordered', data: { requestId, status: 'in_progress', rank: '1cV' } },
        { type: 'RequestEdited', data: { requestId, details: { companyId: 'cmp-1', contactId: null, requestType: 'support', description: 'd', channel: 'web' } } },
        { type: 'RequestDocumentGenerated', data: { requestId, document } },
        closedEvent('done', 'in_progress'),
      ])
      .state();
    expect(state).toMatchObject({
      status: 'in_progress',
      rank: '1cV',
      responsibleId: 'olga',
      details: { requestType: 'support', contactId: null, channel: 'web' },
      documents: [document],
      closed: true,
      outcome: 'done',
    });
    expect(state).not.toBeNull();
    expect(state!.updatedAt).toBe(state!.closedAt);
    expect(state!.registeredAt < state!.updatedAt).toBe(true);
  });
});
