import type { ja } from './ja.ts';

/** Every language has exactly the Japanese keys (the compiler checks the shape, a test the leaves). */
type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };
export type Messages = DeepStrings<typeof ja>;
