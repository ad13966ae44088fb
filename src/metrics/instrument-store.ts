import type { Store } from '../store/index.ts';

/** Receives the duration of one store call, by method name. */
export type StoreTimer = (operation: string, seconds: number) => void;

/**
 * The store with every method call timed (the store is synchronous, so a call's duration is its transaction's).
 * Same object shape; properties that are not functions (file, schemaVersion) pass through untouched.
 */
export function instrumentStore(store: Store, observe: StoreTimer): Store {
  const timed = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      let wrapper = timed.get(key);
      if (!wrapper) {
        const fn = value as (...args: unknown[]) => unknown;
        wrapper = (...args: unknown[]) => {
          const start = performance.now();
          try {
            return fn.apply(target, args);
          } finally {
            observe(key, (performance.now() - start) / 1000);
          }
        };
        timed.set(key, wrapper);
      }
      return wrapper;
    },
  });
}
