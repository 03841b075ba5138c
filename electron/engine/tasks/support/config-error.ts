/**
 * A problem with one config field, said so the form can point at it: the message starts
 * with the field's name ("table: ..."), and `field` carries it for code.
 */
export class TaskConfigError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'TaskConfigError';
  }
}
