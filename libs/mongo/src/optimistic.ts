/** What `changeOptimistically` did. */
export type OptimisticResult<S, D, R> = { kind: 'missing' } | { kind: 'unchanged'; current: S } | { kind: 'written'; current: S; decision: D; stored: R };

/** The steps of one read-decide-write, see `changeOptimistically`. */
export interface OptimisticChange<S, D, R> {
  /** The current state, or undefined when there is none (nothing is written: `missing`). May throw. */
  read(): Promise<S | undefined>;
  /** What to write, given the current state; undefined to write nothing (`unchanged`). May throw a refusal. */
  decide(current: S): D | undefined | Promise<D | undefined>;
  /** Writes `decision` only if `current` is still what is stored; what was stored, or undefined when another write came first. */
  write(current: S, decision: D): Promise<R | undefined>;
  /** Rounds before giving up (each lost round means another change was stored). */
  attempts: number;
  /** The error thrown when every round lost its race. */
  exhausted(): Error;
}

/**
 * Read, decide, write-if-unchanged (optimistic concurrency on a revision or any other condition
 * `write` puts in its filter), again on the fresh state whenever another write came first. No
 * change overwrites another, and the events written with each change describe the state they
 * were stored with. `decide` may therefore run more than once: it must not have side effects.
 */
export async function changeOptimistically<S, D, R>(steps: OptimisticChange<S, D, R>): Promise<OptimisticResult<S, D, R>> {
  for (let round = 0; round < steps.attempts; round++) {
    const current = await steps.read();
    if (current === undefined) return { kind: 'missing' };
    const decision = await steps.decide(current);
    if (decision === undefined) return { kind: 'unchanged', current };
    const stored = await steps.write(current, decision);
    if (stored !== undefined) return { kind: 'written', current, decision, stored };
  }
  throw steps.exhausted();
}

/** For a change that returns the very state it was given when there is nothing to do: that is no decision. */
export const unlessSame = <S>(current: S, next: S): S | undefined => (next === current ? undefined : next);
