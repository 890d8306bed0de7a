/** A file request completes when its file is uploaded, not by hand. */
export class FileRequiredError extends Error {
  constructor(readonly todoId: string) {
    super(`To-do ${todoId} is a file request: it completes when its file is uploaded`);
    this.name = 'FileRequiredError';
  }
}

/** Writes kept losing to concurrent ones; the caller may try again. */
export class ConcurrentTodoChangeError extends Error {
  constructor(readonly todoId: string) {
    super(`To-do ${todoId} kept changing while being updated; try again`);
    this.name = 'ConcurrentTodoChangeError';
  }
}
