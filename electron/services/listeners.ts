/** The one listener mechanism of the services and the bridge, typed: `on` answers its own unsubscribe function, as the bridge expects. */
export class Listeners<T> {
  readonly #set = new Set<(value: T) => void>();

  on(listener: (value: T) => void): () => void {
    this.#set.add(listener);
    return () => {
      this.#set.delete(listener);
    };
  }

  clear(): void {
    this.#set.clear();
  }

  emit(value: T): void {
    for (const listener of [...this.#set]) {
      try {
        listener(value);
      } catch {
        // One broken listener (e.g. a closed window) must not stop the others or the service.
      }
    }
  }
}
