/**
 * Calls {@code fn} once {@code ms} have passed without another call, with the last call's argument: typing
 * "IF e", "IF er", "IF err" within 300 ms validates only "IF err". {@code cancel} drops a call still waiting
 * (a component that goes away calls it).
 */
export interface Debounced<A> {
  (argument: A): void;
  cancel(): void;
}

export function debounce<A>(fn: (argument: A) => void, ms: number): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const debounced = ((argument: A) => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      fn(argument);
    }, ms);
  }) as Debounced<A>;
  debounced.cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  return debounced;
}
