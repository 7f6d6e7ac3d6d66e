import { BRIDGE_GLOBAL, type EnishiBridge, type EventName, type EventPayload, type MethodInput, type MethodName, type MethodOutput } from '../../../shared/api/contract.ts';
import type { ApiError } from '../../../shared/api/result.ts';

/** A failed call, carrying the contract's error code for the UI to translate. */
export class ApiCallError extends Error {
  readonly code: ApiError['code'];

  constructor(error: ApiError) {
    super(error.message);
    this.name = 'ApiCallError';
    this.code = error.code;
  }
}

function bridge(): EnishiBridge {
  const found = (window as unknown as Record<string, EnishiBridge | undefined>)[BRIDGE_GLOBAL];
  if (!found) throw new Error('Enishi bridge missing: the renderer must run inside the app (or the test harness).');
  return found;
}

export async function callApi<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const call = bridge().api[method] as unknown as (input: MethodInput<M>) => ReturnType<EnishiBridge['api'][M]>;
  const result = await call(input);
  if (!result.ok) throw new ApiCallError(result.error);
  return result.value;
}

export function onApiEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  const subscribe = bridge().on[event] as unknown as (listener: (payload: EventPayload<E>) => void) => () => void;
  return subscribe(listener);
}
