import { describe, it } from 'vitest';
import { customFieldsDecider, type CustomFieldInput, type CustomFieldsCommand } from '../../../domain/settings/custom-field-settings.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { CustomFieldsSetEvent } from '../../../events/administration/settings-events.ts';
import { deciderSpec, type GivenEvent } from '../../support/decider-spec.ts';

const now = '2026-03-10T09:00:00.000Z';
const actor = (userId: string, role: Actor['role']): Actor => ({ tenant: 'acme', userId, role, groups: [] });
const spec = deciderSpec(customFieldsDecider, { actor: actor('ada', 'admin'), now });

const set = (fields: readonly CustomFieldInput[]): CustomFieldsCommand => ({ type: 'SetCustomFields', data: { entity: 'company', fields } });
const employees: CustomFieldInput = { key: 'employees', label: 'Employees', type: 'integer' };
const sector: CustomFieldInput = { key: 'sector', label: 'Sector', labels: { it: 'Settore' }, type: 'choice', options: ['food', 'metal'], required: true };
const recorded: GivenEvent<CustomFieldsSetEvent> = {
  type: 'CustomFieldsSet',
  data: {
    entity: 'company',
    fields: [
      { key: 'employees', label: 'Employees', type: 'integer', required: false },
      { key: 'sector', label: 'Sector', labels: { it: 'Settore' }, type: 'choice', options: ['food', 'metal'], required: true },
    ],
  },
};

describe('setting custom fields', () => {
  it('replaces the definitions', () => {
    spec.when(set([employees, sector])).then([recorded]).andState({ entity: 'company', fields: recorded.data.fields });
  });

  it('may remove every field', () => {
    spec.given([recorded]).when(set([])).then([{ type: 'CustomFieldsSet', data: { entity: 'company', fields: [] } }]);
  });

  it('changes nothing when the definitions are the same', () => {
    spec.given([recorded]).when(set([employees, sector])).thenNothing();
  });

  it.each([
    ['fields.1.key', [employees, { ...employees, label: 'Again' }]],
    ['fields.0.key', [{ ...employees, key: 'Employees' }]],
    ['fields.0.key', [{ ...employees, key: 'num-employees' }]],
    ['fields.0.label', [{ ...employees, label: ' ' }]],
    ['fields.0.labels.fr', [{ ...employees, labels: { fr: 'Employés' } }]],
    ['fields.0.options', [{ ...sector, options: [] }]],
    ['fields.0.options', [{ ...sector, type: 'multichoice', options: undefined }]],
    ['fields.0.options.1', [{ ...sector, options: ['food', 'food'] }]],
    ['fields.0.options', [{ ...employees, options: ['1'] }]],
  ] as [string, CustomFieldInput[]][])('refuses bad definitions, naming %s', (path, fields) => {
    spec.when(set(fields)).thenThrows('invalid', { path });
  });

  it('is for administrators only', () => {
    spec.as(actor('tom', 'manager')).when(set([employees])).thenThrows('forbidden');
  });
});
