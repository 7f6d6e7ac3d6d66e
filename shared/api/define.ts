import type { z } from 'zod';

export type MethodKind = 'query' | 'mutation';

/**
 * One API method: its input schema and (as a phantom type) its result. `kind` tells the renderer
 * whether to read it with a query or call it as a mutation.
 */
export interface MethodSpec<Input extends z.ZodType = z.ZodType, Output = unknown, Kind extends MethodKind = MethodKind> {
  readonly kind: Kind;
  readonly input: Input;
  /** Never set at run time; carries the result type. */
  readonly output?: Output;
}

export function query<Input extends z.ZodType>(input: Input) {
  return { returns: <Output>(): MethodSpec<Input, Output, 'query'> => ({ kind: 'query', input }) };
}

export function mutation<Input extends z.ZodType>(input: Input) {
  return { returns: <Output>(): MethodSpec<Input, Output, 'mutation'> => ({ kind: 'mutation', input }) };
}
