/**
 * @jest-environment jsdom
 */
/**
 * The flow gadget's edit view as a person uses it (React Testing Library + user-event, jsdom), wired to the UI's
 * one invoke as the module entry wires it: pick a metric (the percentile field goes for throughput), save with the
 * loaded version, hand the configuration to the host; a conflict offers to overwrite or load the other version.
 */
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { GadgetConfig } from '../../src/contract/gadget';
import type { InvokeResolver } from '../../static/src/api/resolver-types';
import { FlowGadgetEdit } from '../../static/src/flow-gadget/gadget-edit';
import { mockInvoke, type MockAnswers } from './support/mock-invoke';
import { englishUi } from './support/ui-i18n';

const stored: GadgetConfig = {
  scope: { kind: 'project', projectKey: 'HD' },
  metric: 'cycleTime',
  percentile: 85,
  periodDays: 30,
  refreshMinutes: 60,
};

function renderEdit(answers: MockAnswers) {
  const mock = mockInvoke(answers);
  const invoke: InvokeResolver = mock.invoke;
  const handedToHost: GadgetConfig[] = [];
  render(
    <FlowGadgetEdit
      api={{
        getConfig: () => invoke('getGadgetConfig', {}),
        saveConfig: (config, expectedVersion) => invoke('saveGadgetConfig', { config, expectedVersion }),
      }}
      i18n={englishUi}
      defaultProjectKey="HD"
      onSaved={(config) => {
        handedToHost.push(config);
      }}
    />,
  );
  return { mock, handedToHost };
}

it('picks a metric and saves it with the loaded version, then hands it to the host', async () => {
  const user = userEvent.setup();
  const { mock, handedToHost } = renderEdit({
    getGadgetConfig: () => ({ ok: true, value: { config: stored, version: 3 } }),
    saveGadgetConfig: () => ({ ok: true, value: { status: 'saved', version: 4 } }),
  });
  const metric = await screen.findByLabelText('Metric');
  expect(screen.queryByLabelText('Percentile')).not.toBeNull();

  await user.selectOptions(metric, 'Throughput');
  // Throughput counts items; it has no percentile.
  expect(screen.queryByLabelText('Percentile')).toBeNull();
  await user.click(screen.getByRole('button', { name: 'Save' }));

  await waitFor(() => {
    expect(handedToHost).toHaveLength(1);
  });
  expect(mock.payloadsOf('saveGadgetConfig')).toEqual([
    { config: { ...stored, metric: 'throughput' }, expectedVersion: 3 },
  ]);
  expect(handedToHost[0]?.metric).toBe('throughput');
});

it('meets a conflict: says so, offers to overwrite, and overwriting saves against the current version', async () => {
  const user = userEvent.setup();
  let saves = 0;
  const { mock, handedToHost } = renderEdit({
    getGadgetConfig: () => ({ ok: true, value: { config: stored, version: 3 } }),
    saveGadgetConfig: () => {
      saves += 1;
      return saves === 1
        ? { ok: true, value: { status: 'conflict', current: { config: stored, version: 5 } } }
        : { ok: true, value: { status: 'saved', version: 6 } };
    },
  });
  await user.selectOptions(await screen.findByLabelText('Metric'), 'Throughput');
  await user.click(screen.getByRole('button', { name: 'Save' }));

  expect((await screen.findByRole('alert')).textContent).toMatch(/Someone else changed this gadget/);
  expect(screen.getByRole('button', { name: 'Load their version' })).toBeTruthy();
  expect(handedToHost).toHaveLength(0);

  await user.click(screen.getByRole('button', { name: 'Overwrite' }));
  await waitFor(() => {
    expect(handedToHost).toHaveLength(1);
  });
  expect(mock.payloadsOf('saveGadgetConfig').map((p) => p.expectedVersion)).toEqual([3, 5]);
});

it('explains a failed bridge call on save and keeps the choice', async () => {
  const user = userEvent.setup();
  renderEdit({
    getGadgetConfig: () => ({ ok: true, value: { config: stored, version: 3 } }),
    saveGadgetConfig: () => {
      throw new Error('network down');
    },
  });
  const metric = await screen.findByLabelText('Metric');
  await user.selectOptions(metric, 'Throughput');
  await user.click(screen.getByRole('button', { name: 'Save' }));
  expect((await screen.findByRole('alert')).textContent).toMatch(/Try again/);
  expect(metric).toHaveProperty('value', 'throughput');
});
