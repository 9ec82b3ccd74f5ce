/** One error shape for every failure, one HTTP status per result code. */
import type { FastifyReply } from 'fastify';
import { RESULT_CODES, type Failure, type Result } from '../kernel/result.ts';
import { Nullable, Type } from '../kernel/schema.ts';

export const ErrorSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'A stable result code, e.g. VALIDATION_FAILED, FORBIDDEN, NOT_FOUND' }),
      message: Type.String(),
      details: Type.Optional(Type.Array(Type.Object({ path: Type.Optional(Type.String()), line: Type.Optional(Type.Integer()), message: Type.String() }))),
      data: Type.Optional(Type.Unknown()),
    }),
  },
  { $id: 'Error' },
);

export function failureBody(failure: Failure) {
  const error: Record<string, unknown> = { code: failure.code, message: failure.message };
  if (failure.details) error.details = failure.details;
  if (failure.data !== undefined) error.data = failure.data;
  return { error };
}

export function sendFailure(reply: FastifyReply, failure: Failure) {
  return reply.code(RESULT_CODES[failure.code].status).send(failureBody(failure));
}

export function send<T>(reply: FastifyReply, result: Result<T>, status = 200) {
  if (!result.ok) return sendFailure(reply, result);
  return reply.code(status).send(result.value);
}

/** The error responses most routes can give, for the OpenAPI document. */
export const commonErrors = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
};

export { Nullable };
