import type { TaskKindImpl } from './task-kind.js';

/**
 * Kind name -> implementation. electron/engine/tasks/index.ts registers the built-in
 * kinds; tests register small kinds of their own. The config is validated against the
 * catalog schema before run(), hence `unknown` here and the kind's own type inside.
 */
const kinds = new Map<string, TaskKindImpl<unknown>>();

export function registerTaskKind<C>(impl: TaskKindImpl<C>): void {
  kinds.set(impl.kind, impl as TaskKindImpl<unknown>);
}

export function getTaskKind(kind: string): TaskKindImpl<unknown> | undefined {
  return kinds.get(kind);
}

export function registeredTaskKinds(): string[] {
  return [...kinds.keys()].sort();
}

/** For tests that register a kind under a shared name and must leave no trace. */
export function unregisterTaskKind(kind: string): void {
  kinds.delete(kind);
}
