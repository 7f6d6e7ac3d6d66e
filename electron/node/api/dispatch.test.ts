import { describe, expect, test, vi } from 'vitest';
import { methodNames } from '../../../shared/api/contract.ts';
import { fail, ok } from '../../../shared/api/result.ts';
import { createDispatcher, type Handlers } from './dispatch.ts';

const summary = { id: 'c1', familyName: '田中', givenName: '', familyNameKana: '', givenNameKana: '', company: '', title: '', updatedAt: 0 };

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const unused = () => Promise.reject(new Error('not used in this test'));
  return {
    ...(Object.fromEntries(methodNames.map((method) => [method, unused])) as unknown as Handlers),
    getVaultStatus: () => Promise.resolve(ok({ state: 'none' })),
    addContact: (draft) => Promise.resolve(ok({ ...summary, ...draft } as never)),
    ...overrides,
  };
}

describe('the dispatcher', () => {
  test('calls the handler with input parsed (and trimmed) by the method schema', async () => {
    const addContact = vi.fn<Handlers['addContact']>(() => Promise.resolve(ok(summary as never)));
    const dispatch = createDispatcher(handlers({ addContact }));
    await dispatch('addContact', { familyName: ' 田中 ', givenName: '', familyNameKana: '', givenNameKana: '', company: '', title: '' });
    expect(addContact).toHaveBeenCalledWith(expect.objectContaining({ familyName: '田中', givenName: '', stage: 'acquainted', closeness: 2, tags: [] }));
  });

  test('refuses unknown methods, including inherited property names', async () => {
    const dispatch = createDispatcher(handlers());
    for (const name of ['deleteEverything', 'toString', '__proto__', 'constructor']) {
      expect(await dispatch(name, {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    }
  });

  test('refuses input that fails the schema, naming the field', async () => {
    const dispatch = createDispatcher(handlers());
    const result = await dispatch('addContact', { familyName: 42 });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(!result.ok && result.error.message).toContain('familyName');
    expect(await dispatch('getVaultStatus', { extra: true })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await dispatch('getVaultStatus', undefined)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  test('turns a thrown error into `internal` without leaking its message', async () => {
    const onInternalError = vi.fn();
    const dispatch = createDispatcher(handlers({ getVaultStatus: () => Promise.reject(new Error('secret note: 田中は転職予定')) }), { onInternalError });
    const result = await dispatch('getVaultStatus', {});
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: 'getVaultStatus failed unexpectedly' } });
    expect(onInternalError).toHaveBeenCalledWith('getVaultStatus', expect.any(Error));
  });

  test('passes expected failures through as values', async () => {
    const dispatch = createDispatcher(handlers({ getVaultStatus: () => Promise.resolve(fail('vault-locked', 'locked')) }));
    expect(await dispatch('getVaultStatus', {})).toEqual({ ok: false, error: { code: 'vault-locked', message: 'locked' } });
  });
});
